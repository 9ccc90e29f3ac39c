using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.UnusedPlaintextDataKeyAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class UnusedPlaintextDataKeyAnalyzerTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_response_of_which_only_the_ciphertext_is_kept() => Verify.VerifyAsync(Usings + """
        class KeyProvisioning
        {
            async Task<(MemoryStream, string)> NewKey(IAmazonKeyManagementService kms)
            {
                var response = await {|KMS105:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 })|};
                return (response.CiphertextBlob, response.KeyId);
            }
        }
        """);

    [Fact]
    public Task Flags_one_member_read_inline() => Verify.VerifyAsync(Usings + """
        class KeyProvisioning
        {
            async Task<MemoryStream> NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request) =>
                (await {|KMS105:kms.GenerateDataKeyAsync(request)|}.ConfigureAwait(false)).CiphertextBlob;
        }
        """);

    [Fact]
    public Task Flags_a_discarded_result_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class KeyProvisioning
        {
            MemoryStream NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request)
            {
                {|KMS105:kms.GenerateDataKey(request)|};
                var kept = {|KMS105:kms.GenerateDataKey(request)|};
                return kept.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_plaintext_that_is_read() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request)
            {
                var response = await kms.GenerateDataKeyAsync(request);
                return response.Plaintext.ToArray();
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_GenerateDataKeyWithoutPlaintext() => Verify.VerifySyncAsync(Usings + """
        class KeyProvisioning
        {
            MemoryStream NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyWithoutPlaintext(new GenerateDataKeyWithoutPlaintextRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 }).CiphertextBlob;
        }
        """);

    [Fact]
    public Task Does_not_flag_a_response_handed_on() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request)
            {
                var task = kms.GenerateDataKeyAsync(request);
                var response = await kms.GenerateDataKeyAsync(request);
                Remember(response);
                return await task;
            }

            void Remember(GenerateDataKeyResponse response) { }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_plaintext_read_after_a_blocking_wait() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            byte[] NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request)
            {
                var response = kms.GenerateDataKeyAsync(request).Result;
                return response.Plaintext.ToArray();
            }

            byte[] NewKeyThroughTheAwaiter(IAmazonKeyManagementService kms, GenerateDataKeyRequest request) =>
                kms.GenerateDataKeyAsync(request).GetAwaiter().GetResult().Plaintext.ToArray();
        }
        """);

    [Fact]
    public Task Flags_a_blocking_wait_of_which_only_the_ciphertext_is_read() => Verify.VerifyAsync(Usings + """
        class KeyProvisioning
        {
            MemoryStream NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request) =>
                {|KMS105:kms.GenerateDataKeyAsync(request)|}.Result.CiphertextBlob;

            MemoryStream NewKeyThroughTheAwaiter(IAmazonKeyManagementService kms, GenerateDataKeyRequest request)
            {
                var response = {|KMS105:kms.GenerateDataKeyAsync(request)|}.ConfigureAwait(false).GetAwaiter().GetResult();
                return response.CiphertextBlob;
            }
        }
        """);
}
