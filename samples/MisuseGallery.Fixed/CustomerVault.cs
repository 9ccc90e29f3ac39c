using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Keeps small customer secrets (API tokens, recovery codes) encrypted under a KMS key.</summary>
public sealed class CustomerVault(IAmazonKeyManagementService kms)
{
    private const string KeyId = "alias/customer-vault";

    // KMS304: nothing binds the ciphertext to the customer it belongs to.
    public async Task<byte[]> SealAsync(MemoryStream token)
    {
        var response = await kms.EncryptAsync(new EncryptRequest { KeyId = KeyId, Plaintext = token });
        return response.CiphertextBlob.ToArray();
    }

    // KMS303: any KMS key the caller may use would be accepted for this ciphertext.
    public async Task<MemoryStream> OpenAsync(string customerId, byte[] ciphertext)
    {
        var response = await kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            EncryptionContext = new Dictionary<string, string> { ["customer"] = customerId },
            KeyId = KeyId,
        });
        return response.Plaintext;
    }

    // KMS305: EncryptionContext is null on a new v4 request, so Add throws a NullReferenceException.
    public async Task<byte[]> SealForAsync(string customerId, MemoryStream token)
    {
        var request = new EncryptRequest { KeyId = KeyId, Plaintext = token, EncryptionContext = new() };
        request.EncryptionContext.Add("customer", customerId);
        var response = await kms.EncryptAsync(request);
        return response.CiphertextBlob.ToArray();
    }
}
