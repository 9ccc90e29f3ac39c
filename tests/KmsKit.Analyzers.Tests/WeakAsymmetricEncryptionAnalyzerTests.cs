using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.WeakAsymmetricEncryptionAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class WeakAsymmetricEncryptionAnalyzerTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_oaep_sha1_on_encrypt() => Verify.VerifyAsync(Usings + """
        class Wrapping
        {
            Task<EncryptResponse> Wrap(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = {|#0:EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1|},
                    Plaintext = new MemoryStream(secret),
                });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Encrypt"));

    [Fact]
    public Task Flags_oaep_sha1_as_a_string_on_decrypt_assigned_later() => Verify.VerifyAsync(Usings + """
        class Wrapping
        {
            async Task<byte[]> Unwrap(IAmazonKeyManagementService kms, byte[] blob)
            {
                var request = new DecryptRequest { KeyId = "alias/rsa", CiphertextBlob = new MemoryStream(blob) };
                request.EncryptionAlgorithm = {|#0:"RSAES_OAEP_SHA_1"|};
                var response = await kms.DecryptAsync(request);
                return response.Plaintext.ToArray();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Decrypt"));

    [Fact]
    public Task Flags_a_local_holding_oaep_sha1_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Wrapping
        {
            EncryptResponse Wrap(IAmazonKeyManagementService kms, byte[] secret)
            {
                var algorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1;
                return kms.Encrypt(new EncryptRequest { KeyId = "alias/rsa", EncryptionAlgorithm = {|#0:algorithm|}, Plaintext = new MemoryStream(secret) });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Encrypt"));

    [Fact]
    public Task Does_not_flag_oaep_sha256() => Verify.VerifyAsync(Usings + """
        class Wrapping
        {
            Task<EncryptResponse> Wrap(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
                    Plaintext = new MemoryStream(secret),
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_symmetric_default_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Wrapping
        {
            DecryptResponse Unwrap(IAmazonKeyManagementService kms, byte[] blob) =>
                kms.Decrypt(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT });
        }
        """);

    [Fact]
    public Task Does_not_flag_an_algorithm_chosen_at_run_time() => Verify.VerifyAsync(Usings + """
        class Wrapping
        {
            Task<EncryptResponse> Wrap(IAmazonKeyManagementService kms, byte[] secret, EncryptionAlgorithmSpec algorithm) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/rsa", EncryptionAlgorithm = algorithm, Plaintext = new MemoryStream(secret) });
        }
        """);
}
