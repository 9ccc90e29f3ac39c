using System;

namespace KmsKit.Pkcs11.Engine;

/// <summary>A key as a request names it: key id, key ARN, alias name or alias ARN.</summary>
internal sealed record KeyReference(string? KeyId, string? AliasName, string? Region, string? Account, bool IsArn)
{
    public static KeyReference Parse(string value)
    {
        if (value.StartsWith("alias/", StringComparison.Ordinal))
        {
            return new KeyReference(null, value, null, null, false);
        }

        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new KeyReference(value, null, null, null, false);
        }

        // arn:partition:kms:region:account:key/id | alias/name
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "kms")
        {
            return new KeyReference(value, null, null, null, false);
        }

        var resource = parts[5];
        return resource.StartsWith("key/", StringComparison.Ordinal)
            ? new KeyReference(resource["key/".Length..], null, parts[3], parts[4], true)
            : resource.StartsWith("alias/", StringComparison.Ordinal)
                ? new KeyReference(null, resource, parts[3], parts[4], true)
                : new KeyReference(value, null, null, null, false);
    }

    public static bool IsKeyId(string value) => Guid.TryParseExact(value, "D", out _);
}
