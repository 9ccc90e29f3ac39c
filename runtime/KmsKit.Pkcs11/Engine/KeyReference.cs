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

        // arn:partition:kms:region:account:key/id | alias/name (parsed in place: this runs on every request)
        var service = value.IndexOf(':', "arn:".Length) + 1;
        var region = service == 0 ? -1 : value.IndexOf(':', service) + 1;
        var account = region <= 0 ? -1 : value.IndexOf(':', region) + 1;
        var resource = account <= 0 ? -1 : value.IndexOf(':', account) + 1;
        if (resource <= 0 || !value.AsSpan(service, region - service - 1).SequenceEqual("kms"))
        {
            return new KeyReference(value, null, null, null, false);
        }

        var regionName = value[region..(account - 1)];
        var accountId = value[account..(resource - 1)];
        var name = value.AsSpan(resource);
        return name.StartsWith("key/", StringComparison.Ordinal)
            ? new KeyReference(value[(resource + "key/".Length)..], null, regionName, accountId, true)
            : name.StartsWith("alias/", StringComparison.Ordinal)
                ? new KeyReference(null, value[resource..], regionName, accountId, true)
                : new KeyReference(value, null, null, null, false);
    }

    public static bool IsKeyId(string value) => Guid.TryParseExact(value, "D", out _);
}
