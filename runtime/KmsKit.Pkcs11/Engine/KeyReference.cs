using System;
using Amazon;

namespace KmsKit.Pkcs11.Engine;

/// <summary>A key as a request names it: key id, key ARN, alias name or alias ARN.</summary>
internal sealed record KeyReference(string? KeyId, string? AliasName, string? Region, string? Account, bool IsArn)
{
    private const string KeyPrefix = "key/";
    private const string AliasPrefix = "alias/";

    /// <summary>Anything that is not a KMS key or alias ARN is taken as a key id (and then refused if it is not one).</summary>
    public static KeyReference Parse(string value)
    {
        if (value.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return new KeyReference(null, value, null, null, false);
        }

        if (!Arn.TryParse(value, out var arn) || arn.Service != "kms")
        {
            return new KeyReference(value, null, null, null, false);
        }

        return arn.Resource.StartsWith(KeyPrefix, StringComparison.Ordinal)
            ? new KeyReference(arn.Resource[KeyPrefix.Length..], null, arn.Region, arn.AccountId, true)
            : arn.Resource.StartsWith(AliasPrefix, StringComparison.Ordinal)
                ? new KeyReference(null, arn.Resource, arn.Region, arn.AccountId, true)
                : new KeyReference(value, null, null, null, false);
    }

    public static bool IsKeyId(string value) => Guid.TryParseExact(value, "D", out _);

    /// <summary>
    /// The alias name (<c>alias/...</c>) a request named its key by, for kms:RequestAlias; null when it named the key
    /// by id or key ARN. Cheap on the hot path: no ARN parse unless the value names an alias.
    /// </summary>
    public static string? RequestAlias(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return value;
        }

        return value.Contains(":" + AliasPrefix, StringComparison.Ordinal) ? Parse(value).AliasName : null;
    }
}
