using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The IAM actions of the KMS API (its 56 operations, with ReEncrypt as its two actions ReEncryptFrom and
/// ReEncryptTo), which ones act on the account rather than a key, and which condition keys their requests set.
/// </summary>
internal static class KmsActions
{
    private static readonly string[] AccountLevel =
    [
        "ConnectCustomKeyStore", "CreateCustomKeyStore", "CreateKey", "DeleteCustomKeyStore", "DescribeCustomKeyStores",
        "DisconnectCustomKeyStore", "GenerateRandom", "ListAliases", "ListKeys", "ListRetirableGrants", "UpdateCustomKeyStore",
    ];

    private static readonly string[] OnKeys =
    [
        "CancelKeyDeletion", "CreateAlias", "CreateGrant", "Decapsulate", "Decrypt", "DeleteAlias", "DeleteImportedKeyMaterial", "DeriveSharedSecret",
        "DescribeKey", "DisableKey", "DisableKeyRotation", "EnableKey", "EnableKeyRotation", "Encapsulate", "Encrypt", "GenerateDataKey",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac",
        "GetKeyLastUsage", "GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport", "GetPublicKey", "ImportKeyMaterial",
        "ListGrants", "ListKeyPolicies", "ListKeyRotations", "ListResourceTags", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo",
        "ReplicateKey", "RetireGrant", "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "Sign", "TagResource",
        "UntagResource", "UpdateAlias", "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify", "VerifyMac",
    ];

    /// <summary>The actions whose request carries an encryption context (kms:EncryptionContext:KEY, kms:EncryptionContextKeys).</summary>
    private static readonly FrozenSet<string> WithEncryptionContext = new[]
    {
        "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
        "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The actions whose request names an encryption algorithm (SYMMETRIC_DEFAULT when it does not).</summary>
    private static readonly FrozenSet<string> WithEncryptionAlgorithm =
        new[] { "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The actions whose request sets kms:RequestAlias when it names its key by an alias: the cryptographic operations,
    /// DescribeKey and GetPublicKey.
    /// </summary>
    private static readonly FrozenSet<string> WithRequestAlias = new[]
    {
        "kms:Decrypt", "kms:DeriveSharedSecret", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
        "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac", "kms:GetPublicKey",
        "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:Sign", "kms:Verify", "kms:VerifyMac",
    }.ToFrozenSet(StringComparer.Ordinal);

    // IAM action names are case-insensitive: kms:decrypt is kms:Decrypt.
    private static readonly FrozenDictionary<string, (string Name, bool OnKey)> All =
        AccountLevel.Select(name => ("kms:" + name, false))
            .Concat(OnKeys.Select(name => ("kms:" + name, true)))
            .ToFrozenDictionary(action => action.Item1, action => action, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every action, as KMS spells it.</summary>
    public static IEnumerable<string> Names => All.Values.Select(action => action.Name);

    /// <summary>The action as KMS spells it and whether it acts on a key; false when it is not a KMS action.</summary>
    public static bool TryFind(string action, out string name, out bool onKey)
    {
        var found = All.TryGetValue(action, out var entry);
        (name, onKey) = found ? entry : (action, false);
        return found;
    }

    public static bool TakesEncryptionContext(string action) => WithEncryptionContext.Contains(action);

    public static bool TakesEncryptionAlgorithm(string action) => WithEncryptionAlgorithm.Contains(action);

    public static bool TakesRequestAlias(string action) => WithRequestAlias.Contains(action);
}
