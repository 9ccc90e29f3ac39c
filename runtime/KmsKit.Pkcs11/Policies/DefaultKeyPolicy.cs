using System;
using System.Collections.Concurrent;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// The key policy KMS gives a key created through the API without one ("Default key policy", KMS developer guide):
/// the account may use IAM policies for every KMS action. Laid out as GetKeyPolicy returns it.
/// </summary>
public static class DefaultKeyPolicy
{
    private const int MaxKept = 1024;

    // One string per account, the same instance each time: every request to a key without its own policy reads it.
    private static readonly ConcurrentDictionary<(string Account, string Partition), string> Texts = new();

    public static string For(string accountId, string partition = "aws")
    {
        if (Texts.TryGetValue((accountId, partition), out var text))
        {
            return text;
        }

        if (!CallerIdentity.IsAccountId(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account id.", nameof(accountId));
        }

        if (Texts.Count >= MaxKept)
        {
            Texts.Clear();
        }

        return Texts.GetOrAdd((accountId, partition), static key => Format(key.Account, key.Partition));
    }

    private static string Format(string accountId, string partition)
    {
        return "{\n"
            + "  \"Version\" : \"2012-10-17\",\n"
            + "  \"Id\" : \"key-default-1\",\n"
            + "  \"Statement\" : [ {\n"
            + "    \"Sid\" : \"Enable IAM User Permissions\",\n"
            + "    \"Effect\" : \"Allow\",\n"
            + "    \"Principal\" : {\n"
            + $"      \"AWS\" : \"arn:{partition}:iam::{accountId}:root\"\n"
            + "    },\n"
            + "    \"Action\" : \"kms:*\",\n"
            + "    \"Resource\" : \"*\"\n"
            + "  } ]\n"
            + "}";
    }
}
