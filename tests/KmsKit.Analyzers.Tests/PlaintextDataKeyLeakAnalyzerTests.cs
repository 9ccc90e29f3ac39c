using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.PlaintextDataKeyLeakAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class PlaintextDataKeyLeakAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    // The logging abstraction as Microsoft.Extensions.Logging declares it (the test compilation does not reference it).
    private const string Logging = """

        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { }

            public static class LoggerExtensions
            {
                public static void LogDebug(this ILogger logger, string message, params object[] args) { }
            }
        }
        """;

    [Fact]
    public Task Flags_a_key_logged_as_base64() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.Logging;

        class Envelope(ILogger logger)
        {
            async Task Seal(IAmazonKeyManagementService kms)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                logger.LogDebug("data key {Key}", Convert.ToBase64String({|KMS102:key|}));
                logger.LogDebug("raw key {Key}", {|KMS102:key|});
            }
        }
        """ + Logging);

    [Fact]
    public Task Flags_a_key_kept_in_a_field_and_a_property() => Verify.VerifyAsync(Usings + """
        class KeyHolder
        {
            private byte[]? _key;

            public MemoryStream? Current { get; set; }

            async Task Load(IAmazonKeyManagementService kms)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                _key = {|KMS102:dataKey.Plaintext.ToArray()|};
                Current = {|KMS102:dataKey.Plaintext|};
            }
        }
        """);

    [Fact]
    public Task Flags_a_decrypted_data_key_turned_into_a_string_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            string Open(IAmazonKeyManagementService kms, MemoryStream encryptedKey, byte[] data)
            {
                var key = kms.Decrypt(new DecryptRequest { CiphertextBlob = encryptedKey }).Plaintext.ToArray();
                Console.WriteLine(BitConverter.ToString({|KMS102:key|}));
                using (var hmac = new HMACSHA256(key))
                {
                    return Convert.ToBase64String(hmac.ComputeHash(data));
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_key_serialized() => Verify.VerifyAsync(Usings + """
        class Cache
        {
            async Task<string> Export(IAmazonKeyManagementService kms)
            {
                var pair = await kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = "alias/app", KeyPairSpec = DataKeyPairSpec.RSA_2048 });
                return System.Text.Json.JsonSerializer.Serialize({|KMS102:pair.PrivateKeyPlaintext.ToArray()|});
            }
        }
        """);

    [Fact]
    public Task Message_says_where_the_key_goes() => Verify.VerifyAsync(
        Usings + """
        class KeyHolder
        {
            private byte[]? _key;

            async Task Load(IAmazonKeyManagementService kms)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                _key = {|#0:key|};
                Console.WriteLine(Convert.ToHexString({|#1:dataKey.Plaintext.GetBuffer()|}));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("key", "stored in the field '_key'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("dataKey.Plaintext", "turned into a string by Convert.ToHexString"));

    [Fact]
    public Task Does_not_flag_the_encrypted_data_key_stored_and_logged() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.Logging;

        class Envelope(ILogger logger)
        {
            public string? EncryptedKey { get; private set; }

            async Task Seal(IAmazonKeyManagementService kms)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    EncryptedKey = Convert.ToBase64String(dataKey.CiphertextBlob.ToArray());
                    logger.LogDebug("new data key {Length} bytes, encrypted {Blob}", key.Length, EncryptedKey);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """ + Logging);

    [Fact]
    public Task Does_not_flag_a_decrypted_secret_that_is_not_a_key() => Verify.VerifyAsync(Usings + """
        class Settings
        {
            public string? Password { get; private set; }

            async Task Load(IAmazonKeyManagementService kms, MemoryStream blob)
            {
                var response = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob });
                Password = System.Text.Encoding.UTF8.GetString(response.Plaintext.ToArray());
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_key_given_to_a_cipher_and_an_aes_key_property() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                using var aes = Aes.Create();
                aes.Key = key;
                using var gcm = new AesGcm(key, 16);
                var output = new byte[data.Length];
                gcm.Encrypt(nonce, data, output, new byte[16]);
                return output;
            }
        }
        """);
}
