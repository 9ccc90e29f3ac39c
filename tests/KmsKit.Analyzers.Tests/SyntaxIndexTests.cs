using ClientPerCall = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.ClientPerCallAnalyzer>;
using NoContext = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.NoEncryptionContextAnalyzer>;

namespace KmsKit.Analyzers.Tests;

/// <summary>
/// The gate every rule stands behind finds names from the source text (Infrastructure/WordPositions.cs): spellings
/// whose token differs from its text must still be found, and words that are not code must not be.
/// </summary>
public class SyntaxIndexTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Finds_a_call_whose_name_is_spelled_with_a_unicode_escape() => NoContext.VerifyAsync(Usings + """
        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                {|KMS304:kms.\u0045ncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) })|};
        }
        """);

    [Fact]
    public Task Finds_a_call_through_a_verbatim_identifier() => NoContext.VerifyAsync(Usings + """
        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService @kms, byte[] secret) =>
                {|KMS304:@kms.@EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) })|};
        }
        """);

    [Fact]
    public Task Ignores_names_in_comments_strings_and_disabled_code() => NoContext.VerifyAsync(Usings + """
        class Vault
        {
            // kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app" }) was the old way.
            const string Hint = "kms.EncryptAsync(new EncryptRequest())";

            Task<string> Seal(IAmazonKeyManagementService kms)
            {
        #if NEVER_DEFINED
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app" });
        #endif
                return Task.FromResult($"{Hint}: EncryptAsync");
            }
        }
        """);

    [Fact]
    public Task Finds_target_typed_creations_spelled_with_spaces() => ClientPerCall.VerifyAsync(Usings + """
        class Handler
        {
            static Task<GenerateRandomResponse> Use(AmazonKeyManagementServiceClient kms) => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 });

            public Task<GenerateRandomResponse> Handle() => Use({|KMS202:new (RegionEndpoint.EUWest1)|});

            public Task<GenerateRandomResponse> HandleAgain()
            {
                AmazonKeyManagementServiceClient kms = {|KMS202:new
                    ()|};
                return Use(kms);
            }
        }
        """);

    [Fact]
    public Task Finds_a_creation_by_a_qualified_type_name() => ClientPerCall.VerifyAsync(Usings + """
        class Handler
        {
            public Task<GenerateRandomResponse> Handle() =>
                {|KMS202:new global::Amazon.KeyManagementService.AmazonKeyManagementServiceClient()|}.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 });
        }
        """);
}
