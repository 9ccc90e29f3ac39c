using System;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// The key policy KMS gives a key created through the API without one ("Default key policy", KMS developer guide):
/// the account may use IAM policies for every KMS action. Laid out as GetKeyPolicy returns it.
/// </summary>
public static class DefaultKeyPolicy
{
    public static string For(string accountId, string partition = "aws")
    {
        if (!CallerIdentity.IsAccountId(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account id.", nameof(accountId));
        }

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
