using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;

namespace MisuseGallery;

/// <summary>Signs payment callbacks with a secret kept encrypted in configuration.</summary>
[ApiController]
[Route("payments")]
public sealed class PaymentsController(IAmazonKeyManagementService kms, IConfiguration configuration) : ControllerBase
{
    // KMS203: the ciphertext never changes, yet every request pays a KMS Decrypt for it.
    [HttpPost("callback-signature")]
    public async Task<string> SignCallback([FromBody] string payload)
    {
        var ciphertext = Convert.FromBase64String(configuration["Payments:SigningSecretCiphertext"]!);
        var response = await kms.DecryptAsync(new DecryptRequest
        {
            KeyId = "alias/payments",
            CiphertextBlob = new MemoryStream(ciphertext),
        });
        var secret = response.Plaintext.ToArray();
        try
        {
            return Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(response.Plaintext.GetBuffer());
        }
    }
}
