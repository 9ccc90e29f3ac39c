using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Engine;

/// <summary>What KMS allows for one key spec: its usages and, per usage, its algorithms.</summary>
/// <param name="Size">RSA modulus bits; ECC field bytes; HMAC key bytes; AES key bytes.</param>
/// <param name="CurveOid">ECC only: the named curve's OID (dotted).</param>
/// <param name="Hash">HMAC: the MAC's hash.</param>
internal sealed record KeySpecInfo(
    string Name,
    KeyFamily Family,
    int Size,
    string? CurveOid,
    HashAlgorithmName Hash,
    IReadOnlyList<string> Usages)
{
    public static readonly IReadOnlyList<KeySpecInfo> All =
    [
        new("SYMMETRIC_DEFAULT", KeyFamily.Symmetric, 32, null, default, ["ENCRYPT_DECRYPT"]),
        new("RSA_2048", KeyFamily.Rsa, 2048, null, default, ["ENCRYPT_DECRYPT", "SIGN_VERIFY"]),
        new("RSA_3072", KeyFamily.Rsa, 3072, null, default, ["ENCRYPT_DECRYPT", "SIGN_VERIFY"]),
        new("RSA_4096", KeyFamily.Rsa, 4096, null, default, ["ENCRYPT_DECRYPT", "SIGN_VERIFY"]),
        new("ECC_NIST_P256", KeyFamily.Ecc, 32, "1.2.840.10045.3.1.7", HashAlgorithmName.SHA256, ["SIGN_VERIFY", "KEY_AGREEMENT"]),
        new("ECC_NIST_P384", KeyFamily.Ecc, 48, "1.3.132.0.34", HashAlgorithmName.SHA384, ["SIGN_VERIFY", "KEY_AGREEMENT"]),
        new("ECC_NIST_P521", KeyFamily.Ecc, 66, "1.3.132.0.35", HashAlgorithmName.SHA512, ["SIGN_VERIFY", "KEY_AGREEMENT"]),
        new("ECC_SECG_P256K1", KeyFamily.Ecc, 32, "1.3.132.0.10", HashAlgorithmName.SHA256, ["SIGN_VERIFY"]),
        new("HMAC_224", KeyFamily.Hmac, 28, null, new HashAlgorithmName("SHA224"), ["GENERATE_VERIFY_MAC"]),
        new("HMAC_256", KeyFamily.Hmac, 32, null, HashAlgorithmName.SHA256, ["GENERATE_VERIFY_MAC"]),
        new("HMAC_384", KeyFamily.Hmac, 48, null, HashAlgorithmName.SHA384, ["GENERATE_VERIFY_MAC"]),
        new("HMAC_512", KeyFamily.Hmac, 64, null, HashAlgorithmName.SHA512, ["GENERATE_VERIFY_MAC"]),
    ];

    private static readonly FrozenDictionary<string, KeySpecInfo> ByName = All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    private static readonly string[] SymmetricEncryption = ["SYMMETRIC_DEFAULT"];

    private static readonly string[] RsaEncryption = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];

    public static KeySpecInfo? Find(string name) => ByName.GetValueOrDefault(name);

    public static KeySpecInfo Get(string name) => ByName[name];

    public IReadOnlyList<string> EncryptionAlgorithms(string usage) => (Family, usage) switch
    {
        (KeyFamily.Symmetric, _) => SymmetricEncryption,
        (KeyFamily.Rsa, "ENCRYPT_DECRYPT") => RsaEncryption,
        _ => [],
    };

    public IReadOnlyList<string> SigningAlgorithms(string usage) => (Family, usage) switch
    {
        (KeyFamily.Rsa, "SIGN_VERIFY") =>
            ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"],
        (KeyFamily.Ecc, "SIGN_VERIFY") => [$"ECDSA_SHA_{Hash.Name![3..]}"],
        _ => [],
    };

    public IReadOnlyList<string> MacAlgorithms => Family == KeyFamily.Hmac ? [$"HMAC_SHA_{Hash.Name![3..]}"] : [];

    public IReadOnlyList<string> KeyAgreementAlgorithms(string usage) => usage == "KEY_AGREEMENT" ? ["ECDH"] : [];

    /// <summary>The curve's OID as CKA_EC_PARAMS wants it: DER.</summary>
    public byte[] CurveParameters()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(CurveOid!);
        return writer.Encode();
    }
}
