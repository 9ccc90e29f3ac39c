using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace KmsKit.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs one analyzer over a test source with <see cref="DefaultVerifier"/>, then every KmsKit analyzer over the
/// same source to prove none of them throws. Expected diagnostics are written in the source as markup
/// (<c>{|KMS002:1025|}</c>) or passed as <see cref="DiagnosticResult"/>s.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic of the analyzer's only rule, to locate with <c>WithLocation</c>.</summary>
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>Verifies against the async SDK (net8.0).</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, TestReferences.Net80WithKms, expected);

    /// <summary>Verifies against the sync SDK (net472).</summary>
    public static Task VerifySyncAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, TestReferences.Net472WithKms, expected);

    public static async Task VerifyAsync(string source, TestReferences references, params DiagnosticResult[] expected)
    {
        var test = new Test
        {
            TestCode = source,
            ReferenceAssemblies = references.Framework ?? throw new ArgumentException("Verifiers need a reference set.", nameof(references)),
        };
        test.TestState.AdditionalReferences.AddRange(references.SdkReferences());
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);

        // Every test source is also a robustness input: no KmsKit analyzer may throw on it.
        await AllAnalyzers.RunAsync(await AllAnalyzers.CompileAsync(references, [("/0/Test0.cs", source)]));
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            // Test sources are whole programs; only the rule under test should speak.
            CompilerDiagnostics = CompilerDiagnostics.Errors;
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            base.CreateCompilationOptions().WithOutputKind(OutputKind.DynamicallyLinkedLibrary);
    }
}
