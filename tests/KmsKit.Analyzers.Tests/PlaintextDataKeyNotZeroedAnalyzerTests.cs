using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.PlaintextDataKeyNotZeroedAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class PlaintextDataKeyNotZeroedAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_copy_never_zeroed_and_the_stream_it_came_from() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                using var aes = new AesGcm(key, 16);
                var output = new byte[data.Length];
                aes.Encrypt(new byte[12], data, output, new byte[16]);
                return output;
            }
        }
        """);

    [Fact]
    public Task Flags_a_clear_after_the_uses_outside_finally() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var {|KMS101:plaintext|} = dataKey.Plaintext;
                var {|KMS101:key|} = plaintext.ToArray();
                var output = new byte[data.Length];
                using (var aes = new AesGcm(key, 16))
                {
                    aes.Encrypt(nonce, data, output, new byte[16]);
                }

                // An exception above skips both clears.
                CryptographicOperations.ZeroMemory(key);
                CryptographicOperations.ZeroMemory(plaintext.GetBuffer());
                return output;
            }
        }
        """);

    [Fact]
    public Task Flags_a_decrypted_data_key_used_as_an_aes_key_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Open(IAmazonKeyManagementService kms, MemoryStream encryptedKey, byte[] iv, byte[] data)
            {
                var {|KMS101:decrypted|} = kms.Decrypt(new DecryptRequest { CiphertextBlob = encryptedKey }).Plaintext;
                try
                {
                    using (var aes = Aes.Create())
                    {
                        aes.Key = {|KMS101:decrypted.ToArray()|};
                        return aes.CreateDecryptor().TransformFinalBlock(data, 0, data.Length);
                    }
                }
                finally
                {
                    decrypted.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_data_key_pair_private_key_copy() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            async Task<byte[]> Sign(IAmazonKeyManagementService kms, byte[] digest)
            {
                var pair = await kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = "alias/app", KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 });
                var {|KMS101:der|} = pair.PrivateKeyPlaintext.ToArray();
                try
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportPkcs8PrivateKey(der, out _);
                    return ecdsa.SignHash(digest);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(pair.PrivateKeyPlaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Accepts_the_segment_of_TryGetBuffer_cleared_with_Array_Clear() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    using (var hmac = new HMACSHA256(dataKey.Plaintext.GetBuffer()))
                    {
                        return hmac.ComputeHash(data);
                    }
                }
                finally
                {
                    if (dataKey.Plaintext.TryGetBuffer(out var segment))
                    {
                        Array.Clear(segment.Array, segment.Offset, segment.Count);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_stream_that_is_only_disposed() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using (var {|KMS101:plaintext|} = dataKey.Plaintext)
                using (var hmac = new HMACSHA256(plaintext.GetBuffer()))
                {
                    return hmac.ComputeHash(data);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_use_before_the_try_that_zeroes() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                var gcm = new AesGcm(key, 16);
                try
                {
                    var output = new byte[data.Length];
                    gcm.Encrypt(nonce, data, output, new byte[16]);
                    return output;
                }
                finally
                {
                    gcm.Dispose();
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_decrypted_key_given_to_HKDF() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> SubKey(IAmazonKeyManagementService kms, MemoryStream encryptedKey, byte[] info)
            {
                var response = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encryptedKey });
                var {|KMS101:master|} = {|KMS101:response.Plaintext|}.ToArray();
                return HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: null, info: info);
            }
        }
        """);

    [Fact]
    public Task Message_names_an_inline_copy_by_its_source() => Verify.VerifyAsync(
        Usings + """
        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, MemoryStream encryptedKey, byte[] data)
            {
                using var hmac = new HMACSHA256({|#0:{|#1:(await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encryptedKey })).Plaintext|}.ToArray()|});
                return hmac.ComputeHash(data);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("DecryptResponse.Plaintext.ToArray()"),
        Verify.Diagnostic().WithLocation(1).WithArguments("DecryptResponse.Plaintext"));

    [Fact]
    public Task Flags_a_key_assigned_inside_the_try_and_not_zeroed() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                byte[]? key = null;
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    key = {|KMS101:dataKey.Plaintext.ToArray()|};
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_assigned_inside_the_try_and_zeroed_in_finally() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                byte[]? key = null;
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    key = dataKey.Plaintext.ToArray();
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    if (key is not null)
                    {
                        CryptographicOperations.ZeroMemory(key);
                    }

                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_and_its_stream_zeroed_in_finally() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using var aes = new AesGcm(key, 16);
                    var output = new byte[data.Length];
                    aes.Encrypt(nonce, data, output, new byte[16]);
                    return output;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    Array.Clear(dataKey.Plaintext.GetBuffer(), 0, (int)dataKey.Plaintext.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_stream_zeroed_through_TryGetBuffer() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using var aes = new AesGcm(key, 16);
                    var output = new byte[data.Length];
                    aes.Encrypt(nonce, data, output, new byte[16]);
                    return output;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    // GetBuffer throws on a stream made over an array; TryGetBuffer says whether the memory is reachable.
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer.AsSpan());
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_the_stream_buffer_used_in_place_and_cleared_in_finally() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using var plaintext = dataKey.Plaintext;
                try
                {
                    using var aes = new AesGcm(plaintext.GetBuffer().AsSpan(0, 32), 16);
                    var output = new byte[data.Length];
                    aes.Encrypt(nonce, data, output, new byte[16]);
                    return output;
                }
                finally
                {
                    plaintext.GetBuffer().AsSpan().Clear();
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_copy_and_stream_cleared_in_finally_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Seal(IAmazonKeyManagementService kms, byte[] data, byte[] iv)
            {
                var dataKey = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using (var hmac = new HMACSHA256(key))
                    {
                        return hmac.ComputeHash(data);
                    }
                }
                finally
                {
                    Array.Clear(key, 0, key.Length);
                    Array.Clear(dataKey.Plaintext.GetBuffer(), 0, (int)dataKey.Plaintext.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_decrypted_secret_that_is_not_a_key() => Verify.VerifyAsync(Usings + """
        class Settings
        {
            async Task<string> ConnectionString(IAmazonKeyManagementService kms, MemoryStream blob)
            {
                var response = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob });
                return System.Text.Encoding.UTF8.GetString(response.Plaintext.ToArray());
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_handed_to_its_owner() => Verify.VerifyAsync(Usings + """
        sealed class DataKey : IDisposable
        {
            private readonly byte[] _key;
            public DataKey(byte[] key) => _key = key;
            public void Dispose() => CryptographicOperations.ZeroMemory(_key);
        }

        class Envelope
        {
            async Task<DataKey> NewKey(IAmazonKeyManagementService kms)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    return new DataKey(response.Plaintext.ToArray());
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(response.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_response_received_from_the_caller() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            int KeyLength(GenerateDataKeyResponse response) => (int)response.Plaintext.Length;
        }
        """);

    [Fact]
    public Task Flags_the_response_when_its_ciphertext_is_read_with_a_null_conditional() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<(byte[] Sealed, MemoryStream? EncryptedKey)> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var encryptedKey = response?.CiphertextBlob;
                var {|KMS101:key|} = {|KMS101:response.Plaintext|}.ToArray();
                using var aes = new AesGcm(key, 16);
                var output = new byte[data.Length];
                aes.Encrypt(nonce, data, output, new byte[16]);
                return (output, encryptedKey);
            }
        }
        """);

    [Fact]
    public Task Flags_the_half_of_a_split_key_that_is_not_zeroed() => Verify.VerifyAsync(Usings + """
        class CredentialStore
        {
            async Task<byte[]> Protect(IAmazonKeyManagementService kms, byte[] secret, byte[] nonce)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/credentials", NumberOfBytes = 64 });
                var key = response.Plaintext.ToArray();
                var {|KMS101:aesKey|} = new byte[32];
                var hmacKey = new byte[32];
                try
                {
                    Buffer.BlockCopy(key, 0, aesKey, 0, 32);
                    Array.Copy(key, 32, hmacKey, 0, 32);
                    var sealedSecret = new byte[secret.Length];
                    using (var aes = new AesGcm(aesKey, 16))
                    {
                        aes.Encrypt(nonce, secret, sealedSecret, new byte[16]);
                    }

                    using var hmac = new HMACSHA256(hmacKey);
                    return hmac.ComputeHash(sealedSecret);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(hmacKey);
                    CryptographicOperations.ZeroMemory(response.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_split_with_span_copies_when_every_part_is_zeroed() => Verify.VerifyAsync(Usings + """
        class CredentialStore
        {
            async Task<byte[]> Protect(IAmazonKeyManagementService kms, byte[] secret, byte[] nonce)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/credentials", NumberOfBytes = 64 });
                var key = response.Plaintext.ToArray();
                var encryptionKey = new byte[32];
                var macKey = new byte[32];
                try
                {
                    key.AsSpan(0, 32).CopyTo(encryptionKey);
                    key.AsSpan(32).CopyTo(macKey.AsSpan());
                    var sealedSecret = new byte[secret.Length];
                    using (var aes = new AesGcm(encryptionKey, 16))
                    {
                        aes.Encrypt(nonce, secret, sealedSecret, new byte[16]);
                    }

                    using var hmac = new HMACSHA256(macKey);
                    return hmac.ComputeHash(sealedSecret);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(encryptionKey);
                    CryptographicOperations.ZeroMemory(macKey);
                    CryptographicOperations.ZeroMemory(response.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_key_read_out_of_the_plaintext_stream() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var response = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var {|KMS101:key|} = new byte[32];
                {|KMS101:response.Plaintext|}.Read(key, 0, key.Length);
                using var hmac = new HMACSHA256(key);
                return hmac.ComputeHash(data);
            }
        }
        """);

    [Fact]
    public Task Flags_a_read_all_bytes_copy_and_the_memory_stream_it_went_through() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using var {|KMS101:buffer|} = new MemoryStream();
                await {|KMS101:response.Plaintext|}.CopyToAsync(buffer);
                var {|KMS101:key|} = buffer.ToArray();
                using var hmac = new HMACSHA256(key);
                return hmac.ComputeHash(data);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_copy_handed_out_through_an_out_parameter() => Verify.VerifySyncAsync(Usings + """
        class KeySource
        {
            bool TryCreateKey(IAmazonKeyManagementService kms, out byte[] key, out MemoryStream encryptedKey)
            {
                var response = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    var copy = response.Plaintext.ToArray();
                    key = copy;
                    encryptedKey = response.CiphertextBlob;
                    return true;
                }
                finally
                {
                    Array.Clear(response.Plaintext.GetBuffer(), 0, 32);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_second_copy_kept_beside_the_one_handed_out() => Verify.VerifySyncAsync(Usings + """
        class KeySource
        {
            bool TryCreateKey(IAmazonKeyManagementService kms, out byte[] key)
            {
                var response = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                try
                {
                    key = response.Plaintext.ToArray();
                    var {|KMS101:check|} = response.Plaintext.ToArray();
                    return check.Length == 32;
                }
                finally
                {
                    Array.Clear(response.Plaintext.GetBuffer(), 0, 32);
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_zeroed_in_finally_by_a_helper() => Verify.VerifyAsync(Usings + """
        static class Secrets
        {
            public static void Wipe(byte[] buffer)
            {
                if (buffer != null)
                {
                    CryptographicOperations.ZeroMemory(buffer);
                }
            }
        }

        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using var hmac = new HMACSHA256(key);
                    return hmac.ComputeHash(data);
                }
                finally
                {
                    Secrets.Wipe(key);
                    Secrets.Wipe(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_key_in_finally_given_to_a_helper_that_does_not_zero_it() => Verify.VerifyAsync(Usings + """
        static class Secrets
        {
            public static void Release(byte[] buffer) => Console.WriteLine(buffer.Length);
        }

        class Envelope
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var {|KMS101:key|} = dataKey.Plaintext.ToArray();
                try
                {
                    using var hmac = new HMACSHA256(key);
                    return hmac.ComputeHash(data);
                }
                finally
                {
                    Secrets.Release(key);
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_decrypted_key_that_a_helper_uses_as_an_aes_key() => Verify.VerifyAsync(Usings + """
        interface IDataKeyProvider
        {
            ICryptoTransform Decryptor(byte[] key, byte[] iv);
        }

        sealed class AesDataKeyProvider : IDataKeyProvider
        {
            public ICryptoTransform Decryptor(byte[] key, byte[] iv) => Aes.Create().CreateDecryptor(key, iv);
        }

        class Envelope
        {
            async Task<byte[]> Open(IAmazonKeyManagementService kms, IDataKeyProvider provider, MemoryStream encryptedKey, byte[] iv, byte[] data)
            {
                var response = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encryptedKey });
                var {|KMS101:key|} = {|KMS101:response.Plaintext|}.ToArray();
                using var decryptor = provider.Decryptor(key, iv);
                return decryptor.TransformFinalBlock(data, 0, data.Length);
            }
        }
        """);
}
