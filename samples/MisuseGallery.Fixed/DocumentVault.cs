using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Envelope;

namespace MisuseGallery;

/// <summary>A document store that seals and signs uploads with KMS directly: each method breaks a KMS limit.</summary>
public sealed class DocumentVault(IAmazonKeyManagementService kms, string keyId, string signingKeyId)
{
    // KMS001: a whole file sent to Encrypt, which takes at most 4096 bytes.
    public async Task<byte[]> SealAsync(string path)
    {
        var response = await EnvelopeEncryption.EncryptAsync(kms, new EncryptRequest
        {
            KeyId = keyId,
            Plaintext = new MemoryStream(await File.ReadAllBytesAsync(path)),
        });
        return response.CiphertextBlob.ToArray();
    }

    // KMS004: both KeySpec and NumberOfBytes.
    public Task<GenerateDataKeyResponse> NewDocumentKeyAsync() =>
        kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 });

    // KMS005: a SHA-384 digest signed with a SHA-256 algorithm.
    public async Task<byte[]> SignAsync(byte[] document)
    {
        var response = await kms.SignAsync(new SignRequest
        {
            KeyId = signingKeyId,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            MessageType = MessageType.DIGEST,
            Message = new MemoryStream(SHA384.HashData(document)),
        });
        return response.Signature.ToArray();
    }

    // KMS007: RSA OAEP with SHA-1.
    public async Task<byte[]> WrapForPartnerAsync(string partnerKeyId, byte[] secret)
    {
        var response = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = partnerKeyId,
            EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
            Plaintext = new MemoryStream(secret),
        });
        return response.CiphertextBlob.ToArray();
    }
}
