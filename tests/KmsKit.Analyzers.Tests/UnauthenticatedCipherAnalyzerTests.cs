using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.UnauthenticatedCipherAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class UnauthenticatedCipherAnalyzerTests
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
    public Task Flags_the_default_cbc_mode() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using var aes = Aes.Create();
                aes.Key = dataKey.Plaintext.ToArray();
                aes.GenerateIV();
                using var encryptor = {|KMS104:aes.CreateEncryptor()|};
                return encryptor.TransformFinalBlock(data, 0, data.Length);
            }
        }
        """);

    [Fact]
    public Task Flags_one_shot_ecb_and_cbc() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] iv)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                using var aes = Aes.Create();
                aes.Key = key;
                var header = {|KMS104:aes.EncryptEcb(iv, PaddingMode.None)|};
                return {|KMS104:aes.EncryptCbc(data, iv)|};
            }
        }
        """);

    [Fact]
    public Task Flags_a_decrypted_data_key_with_explicit_cfb_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Open(IAmazonKeyManagementService kms, MemoryStream encryptedKey, byte[] iv, byte[] data)
            {
                var response = kms.Decrypt(new DecryptRequest { CiphertextBlob = encryptedKey });
                using (var aes = new AesCryptoServiceProvider())
                {
                    aes.Mode = CipherMode.CFB;
                    using (var decryptor = {|KMS104:aes.CreateDecryptor(response.Plaintext.ToArray(), iv)|})
                    {
                        return decryptor.TransformFinalBlock(data, 0, data.Length);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Message_names_the_configured_mode() => Verify.VerifyAsync(
        Usings + """
        class Envelope
        {
            async Task<ICryptoTransform> Encryptor(IAmazonKeyManagementService kms)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var aes = Aes.Create();
                aes.Mode = CipherMode.ECB;
                aes.Key = dataKey.Plaintext.ToArray();
                return {|#0:aes.CreateEncryptor()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ECB"));

    [Fact]
    public Task Does_not_flag_aes_gcm() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using var gcm = new AesGcm(dataKey.Plaintext.ToArray(), 16);
                var output = new byte[data.Length];
                gcm.Encrypt(nonce, data, output, new byte[16]);
                return output;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_cbc_with_a_key_that_is_not_from_kms() => Verify.VerifyAsync(Usings + """
        class LegacyFormat
        {
            byte[] Open(byte[] key, byte[] data, byte[] iv)
            {
                using var aes = Aes.Create();
                aes.Key = key;
                return aes.DecryptCbc(data, iv);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_cipher_whose_mode_is_set_elsewhere() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            private readonly Aes _aes = Aes.Create();

            async Task<ICryptoTransform> Encryptor(IAmazonKeyManagementService kms, Func<Aes, Aes> configure)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                _aes.Key = dataKey.Plaintext.ToArray();
                using var local = Aes.Create();
                local.Key = dataKey.Plaintext.ToArray();
                configure(local);
                local.CreateEncryptor().Dispose();
                return _aes.CreateEncryptor();
            }
        }
        """);
}
