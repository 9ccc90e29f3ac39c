// Envelope encryption with AWS KMS, written into this project by the KmsKit code fix for KMS001.
// KMS Encrypt takes at most 4096 bytes; this encrypts data of any size locally with AES-256-GCM under a
// fresh data key from GenerateDataKey, and keeps that data key (encrypted by KMS) with the ciphertext.
// Blob layout: "KKE1" | u16 length of the encrypted data key | encrypted data key | nonce (12) | tag (16) | ciphertext.
// The AES-GCM associated data is the header (magic and encrypted data key) followed by the encryption context,
// which KMS also binds to the data key. DecryptAsync reads these blobs and passes any other ciphertext to KMS.
#nullable enable

namespace KmsKit.Envelope
{
    using System;
    using System.Collections.Generic;
    using System.IO;
    using System.Linq;
    using System.Security.Cryptography;
    using System.Text;
    using System.Threading;
    using System.Threading.Tasks;
    using Amazon.KeyManagementService;
    using Amazon.KeyManagementService.Model;

    /// <summary>Encrypt and Decrypt with the shapes of the KMS calls, for data of any size.</summary>
    public static class EnvelopeEncryption
    {
        private static readonly byte[] Magic = { (byte)'K', (byte)'K', (byte)'E', (byte)'1' };
        private const int NonceSize = 12;
        private const int TagSize = 16;

        /// <summary>Encrypts <c>request.Plaintext</c> under a new data key of <c>request.KeyId</c>.</summary>
        public static async Task<EncryptResponse> EncryptAsync(IAmazonKeyManagementService kms, EncryptRequest request, CancellationToken cancellationToken = default)
        {
            var dataKey = await kms.GenerateDataKeyAsync(
                new GenerateDataKeyRequest
                {
                    KeyId = request.KeyId,
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = request.EncryptionContext,
                    GrantTokens = request.GrantTokens,
                },
                cancellationToken).ConfigureAwait(false);
            var key = dataKey.Plaintext.ToArray();
            try
            {
                var blob = Seal(key, Header(dataKey.CiphertextBlob.ToArray()), request.Plaintext.ToArray(), request.EncryptionContext);
                return new EncryptResponse { KeyId = dataKey.KeyId, CiphertextBlob = new MemoryStream(blob), EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
                if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                {
                    CryptographicOperations.ZeroMemory(buffer.AsSpan());
                }
            }
        }

        /// <summary>Decrypts a blob made by <see cref="EncryptAsync"/>; any other ciphertext goes to KMS Decrypt unchanged.</summary>
        public static async Task<DecryptResponse> DecryptAsync(IAmazonKeyManagementService kms, DecryptRequest request, CancellationToken cancellationToken = default)
        {
            var blob = request.CiphertextBlob.ToArray();
            if (blob.Length < Magic.Length + 2 || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                return await kms.DecryptAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var keyLength = (blob[Magic.Length] << 8) | blob[Magic.Length + 1];
            var headerLength = Magic.Length + 2 + keyLength;
            if (blob.Length < headerLength + NonceSize + TagSize)
            {
                throw new InvalidCiphertextException("The envelope is truncated.");
            }

            var dataKey = await kms.DecryptAsync(
                new DecryptRequest
                {
                    KeyId = request.KeyId,
                    CiphertextBlob = new MemoryStream(blob, Magic.Length + 2, keyLength),
                    EncryptionContext = request.EncryptionContext,
                    GrantTokens = request.GrantTokens,
                },
                cancellationToken).ConfigureAwait(false);
            var key = dataKey.Plaintext.ToArray();
            try
            {
                var plaintext = Open(key, blob, headerLength, request.EncryptionContext);
                return new DecryptResponse { KeyId = dataKey.KeyId, Plaintext = new MemoryStream(plaintext), EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
                if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                {
                    CryptographicOperations.ZeroMemory(buffer.AsSpan());
                }
            }
        }

        private static byte[] Seal(byte[] key, byte[] header, byte[] plaintext, Dictionary<string, string>? context)
        {
            var blob = new byte[header.Length + NonceSize + TagSize + plaintext.Length];
            header.CopyTo(blob, 0);
            var nonce = blob.AsSpan(header.Length, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using (var aes = new AesGcm(key, TagSize))
            {
                aes.Encrypt(nonce, plaintext, blob.AsSpan(header.Length + NonceSize + TagSize), blob.AsSpan(header.Length + NonceSize, TagSize), AssociatedData(header, context));
            }

            return blob;
        }

        private static byte[] Open(byte[] key, byte[] blob, int headerLength, Dictionary<string, string>? context)
        {
            var plaintext = new byte[blob.Length - headerLength - NonceSize - TagSize];
            try
            {
                using (var aes = new AesGcm(key, TagSize))
                {
                    aes.Decrypt(
                        blob.AsSpan(headerLength, NonceSize),
                        blob.AsSpan(headerLength + NonceSize + TagSize),
                        blob.AsSpan(headerLength + NonceSize, TagSize),
                        plaintext,
                        AssociatedData(blob.AsSpan(0, headerLength).ToArray(), context));
                }
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new InvalidCiphertextException("The envelope or its encryption context was changed.");
            }

            return plaintext;
        }

        private static byte[] Header(byte[] encryptedKey)
        {
            if (encryptedKey.Length > ushort.MaxValue)
            {
                throw new ArgumentException("The encrypted data key is too long for the envelope.", nameof(encryptedKey));
            }

            var header = new byte[Magic.Length + 2 + encryptedKey.Length];
            Magic.CopyTo(header, 0);
            header[Magic.Length] = (byte)(encryptedKey.Length >> 8);
            header[Magic.Length + 1] = (byte)encryptedKey.Length;
            encryptedKey.CopyTo(header, Magic.Length + 2);
            return header;
        }

        // The header, then each context entry as UTF-8 key and value, each after its 4-byte length, in ordinal key order.
        private static byte[] AssociatedData(byte[] header, Dictionary<string, string>? context)
        {
            using var data = new MemoryStream();
            data.Write(header, 0, header.Length);
            foreach (var entry in (context ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                foreach (var text in new[] { entry.Key, entry.Value })
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    data.Write(BitConverter.GetBytes(bytes.Length), 0, 4);
                    data.Write(bytes, 0, bytes.Length);
                }
            }

            return data.ToArray();
        }
    }
}
