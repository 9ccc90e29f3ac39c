using System.Collections.Immutable;
using KmsKit.Analyzers.Tests.Verifiers;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Tests;

/// <summary>
/// The work the analyzers ask of the compiler: nothing without the SDK, and never an operation action (which makes
/// the compiler build the IOperation tree of every method body; docs/decisions.md).
/// </summary>
public class AnalyzerWorkTests
{
    // Look-alike types in another namespace: misuse-shaped code that must not be taken for the SDK.
    private const string LookAlike = """
        using System.IO;
        using System.Threading.Tasks;

        namespace Acme.Kms
        {
            public class GenerateRandomRequest { public int? NumberOfBytes { get; set; } }
            public class EncryptRequest { public MemoryStream? Plaintext { get; set; } }
            public interface IAmazonKeyManagementService { Task EncryptAsync(EncryptRequest request); }

            public class Usage
            {
                public async Task Run(IAmazonKeyManagementService kms, string path)
                {
                    _ = new GenerateRandomRequest { NumberOfBytes = 4096 };
                    for (var i = 0; i < 10; i++)
                    {
                        await kms.EncryptAsync(new EncryptRequest { Plaintext = new MemoryStream(File.ReadAllBytes(path)) });
                    }
                }
            }
        }
        """;

    [Fact]
    public async Task No_diagnostic_and_no_registered_action_without_the_sdk()
    {
        var compilation = await AllAnalyzers.CompileAsync(TestReferences.Net80WithoutKms, [("LookAlike.cs", LookAlike)]);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, actions) = await AnalyzeWithTelemetryAsync(compilation);

        Assert.Empty(diagnostics);
        Assert.Equal(0, actions);
    }

    [Fact]
    public async Task The_same_telemetry_counts_registered_actions_when_the_sdk_is_present()
    {
        // The control for the test above: the counting sees work when there is work to see (S3 too, for KMS205).
        var compilation = await AllAnalyzers.CompileAsync(TestReferences.Net80WithKmsAndS3, [("Empty.cs", "class Empty { }")]);

        var (_, actions) = await AnalyzeWithTelemetryAsync(compilation);

        Assert.True(actions >= AllAnalyzers.Instances.Length, $"only {actions} actions registered");
    }

    [Fact]
    public async Task No_analyzer_registers_operation_actions()
    {
        var compilation = await AllAnalyzers.CompileAsync(TestReferences.Net80WithKmsAndS3, [("Empty.cs", "class Empty { void M() { } }")]);
        var withAnalyzers = compilation.WithAnalyzers(
            AllAnalyzers.Instances,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        foreach (var analyzer in AllAnalyzers.Instances)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.True(
                telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount == 0,
                $"{analyzer.GetType().Name} registers operation actions; reach IOperation through KmsSyntaxGate instead.");
        }
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, int Actions)> AnalyzeWithTelemetryAsync(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers.Instances, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var actions = 0;
        foreach (var analyzer in AllAnalyzers.Instances)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            actions += telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount +
                telemetry.SyntaxNodeActionsCount + telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount +
                telemetry.CodeBlockActionsCount + telemetry.CodeBlockStartActionsCount + telemetry.SemanticModelActionsCount +
                telemetry.SyntaxTreeActionsCount + telemetry.CompilationActionsCount + telemetry.CompilationEndActionsCount;
        }

        return (diagnostics, actions);
    }
}
