namespace KmsKit.Pkcs11.Validation;

/// <summary>Enum value sets as AWS lists them in validation messages (its order, not alphabetical).</summary>
internal static class AwsEnumValues
{
    public static readonly string[] KeySpec =
        ["RSA_2048", "ECC_NIST_P384", "ECC_NIST_P256", "ECC_NIST_P521", "HMAC_384", "RSA_3072", "ECC_SECG_P256K1", "RSA_4096", "SYMMETRIC_DEFAULT", "HMAC_256", "HMAC_224", "HMAC_512"];

    public static readonly string[] KeyUsage = ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"];

    public static readonly string[] MacAlgorithm = ["HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224", "HMAC_SHA_512"];

    public static readonly string[] KeyAgreementAlgorithm = ["ECDH"];

    public static readonly string[] MessageType = ["RAW", "DIGEST"];

    public static readonly string[] DataKeySpec = ["AES_256", "AES_128"];

    public static readonly string[] EncryptionAlgorithm = ["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];

    public static readonly string[] SigningAlgorithm =
        ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512"];

    public static readonly string[] DataKeyPairSpec =
        ["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"];
}
