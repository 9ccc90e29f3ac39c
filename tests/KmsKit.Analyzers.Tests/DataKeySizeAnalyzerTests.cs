using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.DataKeySizeAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class DataKeySizeAnalyzerTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_both_key_spec_and_number_of_bytes() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyAsync(new {|#0:GenerateDataKeyRequest|} { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256, NumberOfBytes = 32 });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "GenerateDataKey sets both KeySpec and NumberOfBytes; set exactly one (KeySpec = DataKeySpec.AES_256 for an AES-256 key)"));

    [Fact]
    public Task Flags_neither_in_a_request_built_over_several_statements() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<GenerateDataKeyWithoutPlaintextResponse> NewKey(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new {|#0:GenerateDataKeyWithoutPlaintextRequest|}();
                request.KeyId = keyId;
                return await kms.GenerateDataKeyWithoutPlaintextAsync(request);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "GenerateDataKeyWithoutPlaintext sets neither KeySpec nor NumberOfBytes; set KeySpec = DataKeySpec.AES_256"));

    [Fact]
    public Task Flags_an_out_of_range_size_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            GenerateDataKeyResponse NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", NumberOfBytes = {|#0:2048|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("NumberOfBytes is 2048; KMS data keys are 1 to 1024 bytes"));

    [Fact]
    public Task Flags_neither_with_a_target_typed_new() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyAsync({|#0:new|}() { KeyId = "alias/app" });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "GenerateDataKey sets neither KeySpec nor NumberOfBytes; set KeySpec = DataKeySpec.AES_256"));

    [Fact]
    public Task Does_not_flag_key_spec_alone() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
        }
        """);

    [Fact]
    public Task Does_not_flag_number_of_bytes_alone_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            GenerateDataKeyResponse NewKey(IAmazonKeyManagementService kms)
            {
                var request = new GenerateDataKeyRequest { KeyId = "alias/app" };
                request.NumberOfBytes = 64;
                return kms.GenerateDataKey(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_request_completed_by_another_method() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            static void UseAes256(GenerateDataKeyRequest request) => request.KeySpec = DataKeySpec.AES_256;

            async Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms)
            {
                var request = new GenerateDataKeyRequest { KeyId = "alias/app" };
                UseAes256(request);
                return await kms.GenerateDataKeyAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_request_from_a_parameter() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms, GenerateDataKeyRequest request) =>
                kms.GenerateDataKeyAsync(request);
        }
        """);
}
