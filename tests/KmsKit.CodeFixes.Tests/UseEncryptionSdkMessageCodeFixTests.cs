using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.PlaintextExceedsEncryptLimitAnalyzer, KmsKit.CodeFixes.UseEncryptionSdkMessageCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class UseEncryptionSdkMessageCodeFixTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public sealed class Archive(IAmazonKeyManagementService kms)
        {
            public async Task<byte[]> SealAsync(string path, string owner, CancellationToken cancellationToken)
            {
                // Whole files go to KMS.
                var response = await {|#1:kms.EncryptAsync(
                    new EncryptRequest
                    {
                        KeyId = "alias/archive",
                        Plaintext = {|#0:new MemoryStream(await File.ReadAllBytesAsync(path, cancellationToken))|},
                        EncryptionContext = new Dictionary<string, string> { ["owner"] = owner },
                    },
                    cancellationToken)|};
                return response.CiphertextBlob.ToArray();
            }

            public async Task<byte[]> OpenAsync(byte[] blob, string owner) =>
                (await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/archive", CiphertextBlob = new MemoryStream(blob), EncryptionContext = new() { ["owner"] = owner } })).Plaintext.ToArray();
        }
        """;

    internal static string Helper { get; } = UseEncryptionSdkMessageCodeFix.Helper.Source();

    private static DiagnosticResult Expected { get; } = Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
        .WithArguments("The plaintext comes from File.ReadAllBytesAsync, whose size is unbounded", 4096);

    [Fact]
    public Task Rewrites_encrypt_and_decrypt_to_the_runtime_when_it_is_referenced() => Verify.RunAsync(
        [Source],
        [
            """
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;
            using KmsKit.Envelope;

            public sealed class Archive(IAmazonKeyManagementService kms)
            {
                public async Task<byte[]> SealAsync(string path, string owner, CancellationToken cancellationToken)
                {
                    // Whole files go to KMS.
                    var response = await EncryptionSdkEnvelope.EncryptAsync(
                        kms,
                        new EncryptRequest
                        {
                            KeyId = "alias/archive",
                            Plaintext = new MemoryStream(await File.ReadAllBytesAsync(path, cancellationToken)),
                            EncryptionContext = new Dictionary<string, string> { ["owner"] = owner },
                        },
                        cancellationToken);
                    return response.CiphertextBlob.ToArray();
                }

                public async Task<byte[]> OpenAsync(byte[] blob, string owner) =>
                    (await EncryptionSdkEnvelope.DecryptAsync(kms, new DecryptRequest { KeyId = "alias/archive", CiphertextBlob = new MemoryStream(blob), EncryptionContext = new() { ["owner"] = owner } })).Plaintext.ToArray();
            }
            """,
        ],
        diagnostics: [Expected],
        addedFiles: [("EncryptionSdkEnvelope.cs", Helper)],
        additionalReferences: RuntimeReferences.All);

    [Fact]
    public Task Fix_all_rewrites_every_document_and_adds_the_helper_once() => Verify.RunAsync(
        [Report("Invoices", 0), Report("Payslips", 1)],
        [ReportFixed("Invoices"), ReportFixed("Payslips")],
        diagnostics:
        [
            Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("The plaintext is 8192 bytes", 4096),
            Verify.Diagnostic().WithLocation(1).WithLocation(11).WithArguments("The plaintext is 8192 bytes", 4096),
        ],
        addedFiles: [("EncryptionSdkEnvelope.cs", Helper)],
        additionalReferences: RuntimeReferences.All);

    [Fact]
    public async Task Fix_all_over_a_solution_leaves_the_projects_without_the_runtime_alone()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<KmsKit.Analyzers.Rules.PlaintextExceedsEncryptLimitAnalyzer, UseEncryptionSdkMessageCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = KmsKit.Tests.Shared.TestReferences.Net80WithKms.Framework!,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.TestState.AdditionalReferences.AddRange([.. KmsKit.Tests.Shared.TestReferences.Net80WithKms.SdkReferences(), .. RuntimeReferences.All]);
        test.TestState.Sources.Add(Report("Invoices", 0));
        var plain = new ProjectState("Plain", LanguageNames.CSharp, "/Plain/Test", "cs") { OutputKind = OutputKind.DynamicallyLinkedLibrary };
        plain.AdditionalReferences.AddRange(KmsKit.Tests.Shared.TestReferences.Net80WithKms.SdkReferences());
        plain.Sources.Add(Report("Payslips", 1));
        test.TestState.AdditionalProjects.Add("Plain", plain);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("The plaintext is 8192 bytes", 4096));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithLocation(11).WithArguments("The plaintext is 8192 bytes", 4096));

        test.FixedState.Sources.Add(ReportFixed("Invoices"));
        test.FixedState.Sources.Add(("EncryptionSdkEnvelope.cs", Verify.HelperText(Helper)));
        var plainFixed = new ProjectState("Plain", LanguageNames.CSharp, "/Plain/Test", "cs") { OutputKind = OutputKind.DynamicallyLinkedLibrary };
        plainFixed.AdditionalReferences.AddRange(KmsKit.Tests.Shared.TestReferences.Net80WithKms.SdkReferences());
        plainFixed.Sources.Add(Report("Payslips", 1));
        test.FixedState.AdditionalProjects.Add("Plain", plainFixed);
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithLocation(11).WithArguments("The plaintext is 8192 bytes", 4096));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Is_not_offered_without_the_runtime() => Verify.VerifyNotOfferedAsync(Source, Expected);

    private static string Report(string name, int marker) => $$"""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        static class {{name}}
        {
            public static async Task<MemoryStream> SealAsync(IAmazonKeyManagementService kms) =>
                (await {|#{{marker + 10}}:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/{{name}}", Plaintext = {|#{{marker}}:new MemoryStream(new byte[8192])|} })|}).CiphertextBlob;
        }
        """;

    private static string ReportFixed(string name) => $$"""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using KmsKit.Envelope;

        static class {{name}}
        {
            public static async Task<MemoryStream> SealAsync(IAmazonKeyManagementService kms) =>
                (await EncryptionSdkEnvelope.EncryptAsync(kms, new EncryptRequest { KeyId = "alias/{{name}}", Plaintext = new MemoryStream(new byte[8192]) })).CiphertextBlob;
        }
        """;
}
