using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis.Testing;
using NoContext = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.NoEncryptionContextAnalyzer>;

namespace KmsKit.Analyzers.Tests;

/// <summary>
/// Generated code gets no KMS diagnostic: generated files are not analyzed, and code marked [GeneratedCode] in a
/// hand-written file is filtered when reported (Infrastructure/GeneratedCode.cs), in place of the compiler's filter.
/// </summary>
public class GeneratedCodeTests
{
    private const string Usings = """
        using System.CodeDom.Compiler;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Reports_nothing_in_a_method_or_type_marked_generated_code() => NoContext.VerifyAsync(Usings + """
        class Vault
        {
            [GeneratedCode("tool", "1.0")]
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) });

            Task<EncryptResponse> SealToo(IAmazonKeyManagementService kms, byte[] secret) =>
                {|KMS304:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) })|};
        }

        [System.CodeDom.Compiler.GeneratedCodeAttribute("tool", "1.0")]
        class GeneratedVault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) });
        }
        """);

    [Fact]
    public async Task Reports_nothing_in_a_generated_file()
    {
        var test = new NoContext.Test { ReferenceAssemblies = TestReferences.Net80WithKms.Framework! };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net80WithKms.SdkReferences());
        test.TestState.Sources.Add(("Vault.g.cs", Usings + """
            class Vault
            {
                Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                    kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) });
            }
            """));
        await test.RunAsync(CancellationToken.None);
    }
}
