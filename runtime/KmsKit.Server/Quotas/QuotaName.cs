using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsKit.Server.Quotas;

/// <summary>
/// Which quota a request counts against. The key type of a cryptographic request is read from its algorithm, not
/// from the key: no store lookup before throttling, and a key of another type refuses the algorithm anyway.
/// </summary>
internal static class QuotaName
{
    /// <summary>The quota name of <paramref name="request"/>; null when no quota applies (ML-DSA signing).</summary>
    public static string? Of(string operation, AmazonWebServiceRequest request) => request switch
    {
        EncryptRequest encrypt => Of(encrypt.EncryptionAlgorithm),
        DecryptRequest decrypt => Of(decrypt.EncryptionAlgorithm),
        // One request, counted once: against the key it encrypts under.
        ReEncryptRequest reEncrypt => Of(reEncrypt.DestinationEncryptionAlgorithm),
        GenerateDataKeyRequest or GenerateDataKeyWithoutPlaintextRequest or GenerateMacRequest or VerifyMacRequest or GenerateRandomRequest
            => QuotaTable.Symmetric,
        SignRequest sign => Of(sign.SigningAlgorithm),
        VerifyRequest verify => Of(verify.SigningAlgorithm),
        DeriveSharedSecretRequest => QuotaTable.Ecc,
        GenerateDataKeyPairRequest pair => QuotaTable.DataKeyPairPrefix + pair.KeyPairSpec?.Value,
        GenerateDataKeyPairWithoutPlaintextRequest pair => QuotaTable.DataKeyPairPrefix + pair.KeyPairSpec?.Value,
        _ => operation,
    };

    private static string Of(EncryptionAlgorithmSpec? algorithm) =>
        algorithm is null || algorithm == EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT ? QuotaTable.Symmetric
        : algorithm == EncryptionAlgorithmSpec.SM2PKE ? QuotaTable.Ecc
        : QuotaTable.Rsa;

    private static string? Of(SigningAlgorithmSpec? algorithm) =>
        algorithm is null ? null
        : algorithm.Value.StartsWith("RSASSA_", System.StringComparison.Ordinal) ? QuotaTable.Rsa
        : algorithm.Value.StartsWith("ECDSA_", System.StringComparison.Ordinal) || algorithm == SigningAlgorithmSpec.SM2DSA ? QuotaTable.Ecc
        : null;
}
