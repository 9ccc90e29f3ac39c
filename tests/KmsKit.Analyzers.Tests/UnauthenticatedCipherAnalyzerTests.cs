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

    [Fact]
    public Task Flags_a_data_key_handed_to_a_rijndael_helper() => Verify.VerifyAsync(Usings + """
        static class RijndaelUtils
        {
            public static byte[] Encrypt(byte[] plain, byte[] key, byte[] iv)
            {
                using (var rijndael = new RijndaelManaged())
                {
                    rijndael.Key = key;
                    rijndael.IV = iv;
                    using (var encryptor = rijndael.CreateEncryptor())
                    {
                        return encryptor.TransformFinalBlock(plain, 0, plain.Length);
                    }
                }
            }
        }

        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] iv)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return {|KMS104:RijndaelUtils.Encrypt(data, key, iv)|};
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_data_key_handed_to_the_cbc_implementation_of_an_interface() => Verify.VerifyAsync(Usings + """
        interface IKeyOperations
        {
            byte[] Encrypt(byte[] key, byte[] data);
        }

        sealed class CbcKeyOperations : IKeyOperations
        {
            public byte[] Encrypt(byte[] key, byte[] data)
            {
                using var aes = Aes.Create();
                aes.Mode = CipherMode.CBC;
                var encryptionKey = key;
                aes.Key = encryptionKey;
                aes.GenerateIV();
                using var encryptor = aes.CreateEncryptor();
                return encryptor.TransformFinalBlock(data, 0, data.Length);
            }
        }

        class Envelope
        {
            private readonly IKeyOperations _operations = new CbcKeyOperations();

            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                return {|KMS104:_operations.Encrypt(dataKey.Plaintext.ToArray(), data)|};
            }
        }
        """);

    [Fact]
    public Task Flags_a_hand_rolled_cbc_local_function_built_on_ecb() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] iv)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                return {|KMS104:EncryptBlocks(dataKey.Plaintext.ToArray(), data, iv)|};

                static byte[] EncryptBlocks(byte[] blockKey, byte[] plain, byte[] chain)
                {
                    using var aes = Aes.Create();
                    aes.Key = blockKey;
                    var output = new byte[plain.Length];
                    var previous = chain;
                    for (var offset = 0; offset < plain.Length; offset += 16)
                    {
                        var block = new byte[16];
                        for (var i = 0; i < 16; i++)
                        {
                            block[i] = (byte)(plain[offset + i] ^ previous[i]);
                        }

                        previous = aes.EncryptEcb(block, PaddingMode.None);
                        Buffer.BlockCopy(previous, 0, output, offset, 16);
                    }

                    return output;
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_data_key_handed_to_a_gcm_helper() => Verify.VerifyAsync(Usings + """
        static class GcmUtils
        {
            public static byte[] Encrypt(byte[] plain, byte[] key, byte[] nonce, byte[] tag)
            {
                using var gcm = new AesGcm(key, 16);
                var output = new byte[plain.Length];
                gcm.Encrypt(nonce, plain, output, tag);
                return output;
            }
        }

        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data, byte[] nonce, byte[] tag)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                return GcmUtils.Encrypt(data, dataKey.Plaintext.ToArray(), nonce, tag);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_data_key_handed_to_an_interface_implemented_outside_the_compilation() => Verify.VerifyAsync(Usings + """
        public interface IDataKeyCipher
        {
            byte[] Encrypt(byte[] key, byte[] data);
        }

        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, IDataKeyCipher cipher, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                return cipher.Encrypt(dataKey.Plaintext.ToArray(), data);
            }
        }
        """);
}
