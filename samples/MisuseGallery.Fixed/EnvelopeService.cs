using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Envelope encryption written by hand: each method gets one detail of key hygiene wrong.</summary>
public sealed class EnvelopeService(IAmazonKeyManagementService kms, string keyId)
{
    private readonly Dictionary<string, string> _context = new() { ["app"] = "gallery" };

    /// <summary>The sealed form of a document: the encrypted data key, the nonce, the ciphertext and the tag.</summary>
    public sealed record Sealed(byte[] EncryptedKey, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

    // KMS101: the copy `key` is never zeroed (only the response's buffer is).
    // KMS103: the nonce is a new array nobody fills: every document is encrypted under the all-zero nonce.
    public async Task<Sealed> SealAsync(byte[] document)
    {
        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = _context });
        var plaintext = dataKey.Plaintext;
        try
        {
            var key = plaintext.ToArray();
            try
            {
                using var gcm = new AesGcm(key, 16);
                var nonce = new byte[12];
                var ciphertext = new byte[document.Length];
                var tag = new byte[16];
                RandomNumberGenerator.Fill(nonce);
                gcm.Encrypt(nonce, document, ciphertext, tag);
                return new Sealed(dataKey.CiphertextBlob.ToArray(), nonce, ciphertext, tag);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext.GetBuffer());
        }
    }

    // KMS102: "temporary" debugging output that prints the data key.
    public async Task<byte[]> NewKeyAsync()
    {
        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = _context });
        var key = dataKey.Plaintext.ToArray();
        try
        {
            Console.WriteLine($"new data key: {Convert.ToBase64String(key)}");
            return dataKey.CiphertextBlob.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
        }
    }

    // KMS104: documents of the old format are AES-CBC under the data key: no tag, so tampering goes unnoticed.
    public async Task<byte[]> OpenLegacyAsync(MemoryStream encryptedKey, byte[] iv, byte[] ciphertext)
    {
        var decrypted = await kms.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = encryptedKey, EncryptionContext = _context });
        var key = decrypted.Plaintext.ToArray();
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.DecryptCbc(ciphertext, iv);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(decrypted.Plaintext.GetBuffer());
        }
    }

    // KMS105: only the encrypted key is kept, yet KMS is asked for the plaintext too.
    public async Task<MemoryStream> ProvisionKeyAsync()
    {
        var dataKey = await kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = _context });
        return dataKey.CiphertextBlob;
    }

    // KMS106: moving a secret to a new key by decrypting and encrypting it here instead of ReEncrypt.
    public async Task<MemoryStream> MoveToKeyAsync(MemoryStream ciphertext, string newKeyId)
    {
        var encrypted = await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = newKeyId, SourceKeyId = keyId, CiphertextBlob = ciphertext, SourceEncryptionContext = _context, DestinationEncryptionContext = _context });
        return encrypted.CiphertextBlob;
    }
}
