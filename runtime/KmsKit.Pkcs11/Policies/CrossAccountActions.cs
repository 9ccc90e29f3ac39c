using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// The actions a principal of another account may perform on a key (the "Cross-account use: Yes" column of the KMS
/// developer guide's "AWS KMS permissions" table). Any other permission granted to another account has no effect.
/// </summary>
public static class CrossAccountActions
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "kms:CreateGrant", "kms:Decrypt", "kms:DeriveSharedSecret", "kms:DescribeKey", "kms:Encrypt",
        "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
        "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac", "kms:GetKeyRotationStatus", "kms:GetPublicKey",
        "kms:ListGrants", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant", "kms:RevokeGrant", "kms:Sign",
        "kms:Verify", "kms:VerifyMac",
    };

    public static bool Contains(string action) => Allowed.Contains(action);
}
