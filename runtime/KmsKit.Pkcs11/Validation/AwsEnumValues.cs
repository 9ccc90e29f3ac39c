using Sdk = Amazon.KeyManagementService;

namespace KmsKit.Pkcs11.Validation;

/// <summary>Enum value sets as AWS lists them in validation messages (its order, not alphabetical).</summary>
internal static class AwsEnumValues
{
    public static readonly string[] KeySpec =
        [Sdk.KeySpec.RSA_2048.Value, Sdk.KeySpec.ECC_NIST_P384.Value, Sdk.KeySpec.ECC_NIST_P256.Value, Sdk.KeySpec.ECC_NIST_P521.Value, Sdk.KeySpec.HMAC_384.Value, Sdk.KeySpec.RSA_3072.Value, Sdk.KeySpec.ECC_SECG_P256K1.Value, Sdk.KeySpec.RSA_4096.Value, Sdk.KeySpec.SYMMETRIC_DEFAULT.Value, Sdk.KeySpec.HMAC_256.Value, Sdk.KeySpec.HMAC_224.Value, Sdk.KeySpec.HMAC_512.Value];

    public static readonly string[] KeyUsage = [Sdk.KeyUsageType.ENCRYPT_DECRYPT.Value, Sdk.KeyUsageType.SIGN_VERIFY.Value, Sdk.KeyUsageType.GENERATE_VERIFY_MAC.Value, Sdk.KeyUsageType.KEY_AGREEMENT.Value];

    public static readonly string[] MacAlgorithm = [Sdk.MacAlgorithmSpec.HMAC_SHA_384.Value, Sdk.MacAlgorithmSpec.HMAC_SHA_256.Value, Sdk.MacAlgorithmSpec.HMAC_SHA_224.Value, Sdk.MacAlgorithmSpec.HMAC_SHA_512.Value];

    public static readonly string[] KeyAgreementAlgorithm = [Sdk.KeyAgreementAlgorithmSpec.ECDH.Value];

    public static readonly string[] MessageType = [Sdk.MessageType.RAW.Value, Sdk.MessageType.DIGEST.Value];

    public static readonly string[] DataKeySpec = [Sdk.DataKeySpec.AES_256.Value, Sdk.DataKeySpec.AES_128.Value];

    public static readonly string[] EncryptionAlgorithm = [Sdk.EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value, Sdk.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value, Sdk.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256.Value];

    public static readonly string[] SigningAlgorithm =
        [Sdk.SigningAlgorithmSpec.RSASSA_PSS_SHA_256.Value, Sdk.SigningAlgorithmSpec.RSASSA_PSS_SHA_384.Value, Sdk.SigningAlgorithmSpec.RSASSA_PSS_SHA_512.Value, Sdk.SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256.Value, Sdk.SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384.Value, Sdk.SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512.Value, Sdk.SigningAlgorithmSpec.ECDSA_SHA_256.Value, Sdk.SigningAlgorithmSpec.ECDSA_SHA_384.Value, Sdk.SigningAlgorithmSpec.ECDSA_SHA_512.Value];

    public static readonly string[] DataKeyPairSpec =
        [Sdk.DataKeyPairSpec.RSA_2048.Value, Sdk.DataKeyPairSpec.RSA_3072.Value, Sdk.DataKeyPairSpec.RSA_4096.Value, Sdk.DataKeyPairSpec.ECC_NIST_P256.Value, Sdk.DataKeyPairSpec.ECC_NIST_P384.Value, Sdk.DataKeyPairSpec.ECC_NIST_P521.Value, Sdk.DataKeyPairSpec.ECC_SECG_P256K1.Value];
}
