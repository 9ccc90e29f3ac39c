namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>An AWS KMS key ARN: <c>arn:PARTITION:kms:REGION:ACCOUNT:key/ID</c> (aliases are not key ARNs).</summary>
public sealed record AwsKmsArn(string Partition, string Region, string Account, string ResourceType, string ResourceId)
{
    /// <summary>Parses a KMS ARN; returns null when <paramref name="text"/> is not one.</summary>
    public static AwsKmsArn? TryParse(string? text)
    {
        var parts = text?.Split(':', 6);
        if (parts is not ["arn", { Length: > 0 } partition, "kms", { Length: > 0 } region, { Length: > 0 } account, var resource])
        {
            return null;
        }

        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == resource.Length - 1)
        {
            return null;
        }

        var type = resource[..slash];
        return type is "key" or "alias" ? new AwsKmsArn(partition, region, account, type, resource[(slash + 1)..]) : null;
    }

    /// <summary>Whether the ARN names a key (not an alias).</summary>
    public bool IsKey => ResourceType == "key";

    /// <inheritdoc />
    public override string ToString() => $"arn:{Partition}:kms:{Region}:{Account}:{ResourceType}/{ResourceId}";
}
