using System;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256. Encryption needs only the public key (.NET does it); decryption
/// happens in the HSM: CKM_RSA_PKCS_OAEP for SHA-1, and for SHA-256 (which SoftHSM 2.6 rejects) a raw
/// CKM_RSA_X_509 decryption whose OAEP padding is removed in software.
/// </summary>
internal sealed class RsaCipher
{
    private readonly Pkcs11Token _token;

    public RsaCipher(Pkcs11Token token) => _token = token;

    /// <summary>The largest plaintext KMS accepts: k - 2·hLen - 2.</summary>
    public static int MaxPlaintextLength(int modulusBits, string algorithm) => (modulusBits / 8) - (2 * HashLength(algorithm)) - 2;

    public static byte[] Encrypt(byte[] subjectPublicKeyInfo, string algorithm, byte[] plaintext)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return rsa.Encrypt(plaintext, Padding(algorithm));
    }

    /// <summary>Null when the ciphertext does not decrypt.</summary>
    public byte[]? TryDecrypt(string materialId, int modulusBits, string algorithm, byte[] ciphertext)
    {
        var id = KeyMaterials.TokenId(materialId);
        try
        {
            if (algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value)
            {
                using var parameters = Mechanisms.OaepSha1();
                return _token.Decrypt(id, CKM.CKM_RSA_PKCS_OAEP, parameters, ciphertext);
            }

            var raw = _token.Decrypt(id, CKM.CKM_RSA_X_509, null, ciphertext);
            // Some modules drop the leading zero bytes of the raw block: OAEP needs all k bytes.
            var encoded = new byte[modulusBits / 8];
            raw.AsSpan(Math.Max(0, raw.Length - encoded.Length)).CopyTo(encoded.AsSpan(Math.Max(0, encoded.Length - raw.Length)));
            try
            {
                return OaepDecoding.Decode(encoded, HashAlgorithmName.SHA256);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(raw);
                CryptographicOperations.ZeroMemory(encoded);
            }
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static RSAEncryptionPadding Padding(string algorithm) =>
        algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256;

    private static int HashLength(string algorithm) => algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value ? 20 : 32;
}
