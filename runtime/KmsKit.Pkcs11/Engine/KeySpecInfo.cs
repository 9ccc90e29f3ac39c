using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Amazon.KeyManagementService;

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
        new(KeySpec.SYMMETRIC_DEFAULT.Value, KeyFamily.Symmetric, 32, null, default, [KeyUsageType.ENCRYPT_DECRYPT.Value]),
        new(KeySpec.RSA_2048.Value, KeyFamily.Rsa, 2048, null, default, [KeyUsageType.ENCRYPT_DECRYPT.Value, KeyUsageType.SIGN_VERIFY.Value]),
        new(KeySpec.RSA_3072.Value, KeyFamily.Rsa, 3072, null, default, [KeyUsageType.ENCRYPT_DECRYPT.Value, KeyUsageType.SIGN_VERIFY.Value]),
        new(KeySpec.RSA_4096.Value, KeyFamily.Rsa, 4096, null, default, [KeyUsageType.ENCRYPT_DECRYPT.Value, KeyUsageType.SIGN_VERIFY.Value]),
        new(KeySpec.ECC_NIST_P256.Value, KeyFamily.Ecc, 32, "1.2.840.10045.3.1.7", HashAlgorithmName.SHA256, [KeyUsageType.SIGN_VERIFY.Value, KeyUsageType.KEY_AGREEMENT.Value]),
        new(KeySpec.ECC_NIST_P384.Value, KeyFamily.Ecc, 48, "1.3.132.0.34", HashAlgorithmName.SHA384, [KeyUsageType.SIGN_VERIFY.Value, KeyUsageType.KEY_AGREEMENT.Value]),
        new(KeySpec.ECC_NIST_P521.Value, KeyFamily.Ecc, 66, "1.3.132.0.35", HashAlgorithmName.SHA512, [KeyUsageType.SIGN_VERIFY.Value, KeyUsageType.KEY_AGREEMENT.Value]),
        new(KeySpec.ECC_SECG_P256K1.Value, KeyFamily.Ecc, 32, "1.3.132.0.10", HashAlgorithmName.SHA256, [KeyUsageType.SIGN_VERIFY.Value]),
        new(KeySpec.HMAC_224.Value, KeyFamily.Hmac, 28, null, new HashAlgorithmName("SHA224"), [KeyUsageType.GENERATE_VERIFY_MAC.Value]),
        new(KeySpec.HMAC_256.Value, KeyFamily.Hmac, 32, null, HashAlgorithmName.SHA256, [KeyUsageType.GENERATE_VERIFY_MAC.Value]),
        new(KeySpec.HMAC_384.Value, KeyFamily.Hmac, 48, null, HashAlgorithmName.SHA384, [KeyUsageType.GENERATE_VERIFY_MAC.Value]),
        new(KeySpec.HMAC_512.Value, KeyFamily.Hmac, 64, null, HashAlgorithmName.SHA512, [KeyUsageType.GENERATE_VERIFY_MAC.Value]),
    ];

    private static readonly FrozenDictionary<string, KeySpecInfo> ByName = All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    private static readonly string[] SymmetricEncryption = [EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value];

    private static readonly string[] RsaSigning =
    [
        SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256.Value, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384.Value,
        SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512.Value, SigningAlgorithmSpec.RSASSA_PSS_SHA_256.Value,
        SigningAlgorithmSpec.RSASSA_PSS_SHA_384.Value, SigningAlgorithmSpec.RSASSA_PSS_SHA_512.Value,
    ];

    private static readonly string[] RsaEncryption = [EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256.Value];

    public static KeySpecInfo? Find(string name) => ByName.GetValueOrDefault(name);

    public static KeySpecInfo Get(string name) => ByName[name];

    public IReadOnlyList<string> EncryptionAlgorithms(string usage) => Family switch
    {
        KeyFamily.Symmetric => SymmetricEncryption,
        KeyFamily.Rsa when usage == KeyUsageType.ENCRYPT_DECRYPT.Value => RsaEncryption,
        _ => [],
    };

    public IReadOnlyList<string> SigningAlgorithms(string usage) => Family switch
    {
        _ when usage != KeyUsageType.SIGN_VERIFY.Value => [],
        KeyFamily.Rsa => RsaSigning,
        KeyFamily.Ecc => [$"ECDSA_SHA_{Hash.Name![3..]}"],
        _ => [],
    };

    public IReadOnlyList<string> MacAlgorithms => Family == KeyFamily.Hmac ? [$"HMAC_SHA_{Hash.Name![3..]}"] : [];

    public IReadOnlyList<string> KeyAgreementAlgorithms(string usage) =>
        usage == KeyUsageType.KEY_AGREEMENT.Value ? [KeyAgreementAlgorithmSpec.ECDH.Value] : [];

    /// <summary>The curve's OID as CKA_EC_PARAMS wants it: DER.</summary>
    public byte[] CurveParameters()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(CurveOid!);
        return writer.Encode();
    }
}
