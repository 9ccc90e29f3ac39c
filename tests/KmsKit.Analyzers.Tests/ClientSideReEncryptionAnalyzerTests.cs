using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.ClientSideReEncryptionAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class ClientSideReEncryptionAnalyzerTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_the_decrypted_stream_given_to_encrypt() => Verify.VerifyAsync(Usings + """
        class KeyMigration(IAmazonKeyManagementService kms)
        {
            async Task<MemoryStream> MoveToNewKey(MemoryStream ciphertext, string newKeyId)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext });
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = newKeyId, Plaintext = {|KMS106:decrypted.Plaintext|} });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Flags_a_copy_wrapped_in_a_new_stream_on_a_request_built_later() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream ciphertext, string newKeyId)
            {
                var secret = (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext })).Plaintext.ToArray();
                var request = new EncryptRequest { KeyId = newKeyId };
                request.Plaintext = {|KMS106:new MemoryStream(secret)|};
                return (await kms.EncryptAsync(request)).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Flags_re_encryption_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class KeyMigration
        {
            private readonly IAmazonKeyManagementService _kms = new AmazonKeyManagementServiceClient();

            MemoryStream MoveToNewKey(MemoryStream ciphertext, string newKeyId)
            {
                var plaintext = _kms.Decrypt(new DecryptRequest { CiphertextBlob = ciphertext }).Plaintext;
                return _kms.Encrypt(new EncryptRequest { KeyId = newKeyId, Plaintext = {|KMS106:plaintext|} }).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_ReEncrypt() => Verify.VerifyAsync(Usings + """
        class KeyMigration(IAmazonKeyManagementService kms)
        {
            async Task<MemoryStream> MoveToNewKey(MemoryStream ciphertext, string newKeyId) =>
                (await kms.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = ciphertext, DestinationKeyId = newKeyId })).CiphertextBlob;
        }
        """);

    [Fact]
    public Task Does_not_flag_a_copy_to_another_region() => Verify.VerifyAsync(Usings + """
        class RegionReplication
        {
            async Task<MemoryStream> Replicate(IAmazonKeyManagementService source, IAmazonKeyManagementService target, MemoryStream ciphertext, string targetKeyId)
            {
                var decrypted = await source.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext });
                var encrypted = await target.EncryptAsync(new EncryptRequest { KeyId = targetKeyId, Plaintext = decrypted.Plaintext });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_encrypting_new_data_after_a_decrypt() => Verify.VerifyAsync(Usings + """
        class Tokens(IAmazonKeyManagementService kms)
        {
            async Task<MemoryStream> Rotate(MemoryStream oldToken, string keyId)
            {
                var old = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = oldToken });
                var fresh = new MemoryStream(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = fresh });
                return encrypted.CiphertextBlob;
            }
        }
        """);
}
