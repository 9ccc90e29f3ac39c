using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Grants;

/// <summary>
/// The grant operations (the API model's GrantOperation values), which of them a key supports (KMS developer guide,
/// "Grants in AWS KMS", grant operations by key type), and which take an encryption context, the only ones a grant's
/// encryption context constraint applies to.
/// </summary>
internal static class GrantOperationSet
{
    /// <summary>Every grant operation in the API model's order (the order of AWS's validation message).</summary>
    public static readonly string[] All =
    [
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify",
        "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
        "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    ];

    /// <summary>Operations a grant may include on any key, to which an encryption context constraint does not apply.</summary>
    private static readonly FrozenSet<string> Neutral = new[] { "CreateGrant", "RetireGrant", "DescribeKey" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SymmetricEncryption = new[]
    {
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> AsymmetricEncryption =
        new[] { "Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Signing = new[] { "Sign", "Verify", "GetPublicKey" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Mac = new[] { "GenerateMac", "VerifyMac" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> KeyAgreement = new[] { "DeriveSharedSecret", "GetPublicKey" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> Order =
        All.Select((operation, index) => (operation, index)).ToFrozenDictionary(pair => pair.operation, pair => pair.index, StringComparer.Ordinal);

    public static bool IsGrantOperation(string operation) => Known.Contains(operation);

    /// <summary>Whether a grant may allow <paramref name="operation"/> on <paramref name="key"/>.</summary>
    public static bool Fits(string operation, KeyRecord key) =>
        Neutral.Contains(operation) || OfKey(key).Contains(operation);

    /// <summary>
    /// Whether <paramref name="operation"/> on <paramref name="key"/> carries an encryption context: only then does a
    /// grant's encryption context constraint apply to it (cryptographic operations of symmetric encryption keys).
    /// </summary>
    public static bool TakesEncryptionContext(string operation, KeyRecord key) =>
        IsSymmetricEncryption(key) && SymmetricEncryption.Contains(operation);

    /// <summary>Whether an encryption context constraint is allowed beside <paramref name="operation"/> on <paramref name="key"/>.</summary>
    public static bool AllowsConstraint(string operation, KeyRecord key) =>
        Neutral.Contains(operation) || TakesEncryptionContext(operation, key);

    /// <summary>The operations without repeats, in the API model's order: how a grant stores and lists them.</summary>
    public static IReadOnlyList<string> Canonical(IEnumerable<string> operations) =>
        operations.Distinct(StringComparer.Ordinal).OrderBy(operation => Order[operation]).ToArray();

    private static bool IsSymmetricEncryption(KeyRecord key) =>
        key.KeyUsage == "ENCRYPT_DECRYPT" && KeySpecInfo.Get(key.KeySpec).Family == KeyFamily.Symmetric;

    private static FrozenSet<string> OfKey(KeyRecord key) => key.KeyUsage switch
    {
        "ENCRYPT_DECRYPT" => IsSymmetricEncryption(key) ? SymmetricEncryption : AsymmetricEncryption,
        "SIGN_VERIFY" => Signing,
        "GENERATE_VERIFY_MAC" => Mac,
        "KEY_AGREEMENT" => KeyAgreement,
        _ => FrozenSet<string>.Empty,
    };
}
