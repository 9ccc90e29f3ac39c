using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>SYMMETRIC_DEFAULT: AES-256-GCM in the HSM under the key's current material, blobs as <see cref="CiphertextBlob"/>.</summary>
internal sealed class SymmetricCipher
{
    private readonly Pkcs11Token _token;
    private readonly KeyMaterials _materials;

    public SymmetricCipher(Pkcs11Token token, KeyMaterials materials)
    {
        _token = token;
        _materials = materials;
    }

    public byte[] Encrypt(KeyRecord key, byte[] plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var tokenId = _materials.MaterialTokenId(key.KeyId, key.CurrentVersion);
        AuditCall.NoteMaterial(tokenId);
        var iv = RandomNumberGenerator.GetBytes(CiphertextBlob.IvLength);
        var header = CiphertextBlob.CreateHeader(Guid.Parse(key.KeyId), key.CurrentVersion, iv);
        var ciphertext = _token.EncryptAesGcm(tokenId, iv, AdditionalData(header, context), plaintext);
        return CiphertextBlob.Concat(header, ciphertext);
    }

    /// <summary>Null when the blob does not authenticate under the key's material and this context.</summary>
    public byte[]? TryDecrypt(KeyRecord key, CiphertextBlob blob, IReadOnlyDictionary<string, string>? context)
    {
        var tokenId = _materials.MaterialTokenId(key.KeyId, blob.MaterialVersion);
        if (tokenId.Length == 0)
        {
            return null;
        }

        AuditCall.NoteMaterial(tokenId);
        try
        {
            return _token.DecryptAesGcm(tokenId, blob.Iv, AdditionalData(blob.Header, context), blob.CiphertextAndTag);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] AdditionalData(byte[] header, IReadOnlyDictionary<string, string>? context) =>
        CiphertextBlob.Concat(header, EncryptionContextEncoding.Encode(context));
}
