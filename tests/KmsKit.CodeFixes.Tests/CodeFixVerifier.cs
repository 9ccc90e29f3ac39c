using System.Text;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// Verifies a code fix with <see cref="DefaultVerifier"/>: the source's markup marks the diagnostics, the fixed
/// source is compared exactly (trivia included), Fix All is checked in document, project and solution scope, and
/// the fixed code must compile and draw no diagnostic from the analyzer.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

    public static Task VerifyAsync(string source, string fixedSource, TestReferences? references = null, string? equivalenceKey = null) =>
        RunAsync(new[] { source }, new[] { fixedSource }, references: references, equivalenceKey: equivalenceKey);

    /// <summary>Verifies that the fix is not offered: the source, with its diagnostics, stays as it is.</summary>
    public static Task VerifyNotOfferedAsync(string source, params DiagnosticResult[] diagnostics) =>
        RunAsync(new[] { source }, new[] { source }, diagnostics);

    /// <summary>Verifies that the fix is not offered in a compilation with <paramref name="additionalReferences"/>.</summary>
    public static Task VerifyNotOfferedAsync(string source, MetadataReference[] additionalReferences, params DiagnosticResult[] diagnostics) =>
        RunAsync(new[] { source }, new[] { source }, diagnostics, additionalReferences: additionalReferences);

    /// <summary>Verifies that the fix is not offered in a compilation over <paramref name="references"/>.</summary>
    public static Task VerifyNotOfferedAsync(string source, TestReferences references) =>
        RunAsync(new[] { source }, new[] { source }, references: references);

    /// <param name="diagnostics">Expected diagnostics beyond those written as markup in <paramref name="sources"/>.</param>
    /// <param name="addedFiles">Files the fix adds to the project, by name.</param>
    /// <param name="iterations">Fixes applied one at a time before no diagnostic is left, when one fix also settles others.</param>
    /// <param name="additionalReferences">References beyond the framework and the SDK (KmsKit.Runtime), in the test and the re-analysis.</param>
    public static async Task RunAsync(
        string[] sources,
        string[] fixedSources,
        DiagnosticResult[]? diagnostics = null,
        (string Name, string Text)[]? addedFiles = null,
        TestReferences? references = null,
        string? equivalenceKey = null,
        int? iterations = null,
        MetadataReference[]? additionalReferences = null)
    {
        references ??= TestReferences.Net80WithKms;
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = references.Framework ?? throw new ArgumentException("Verifiers need a reference set.", nameof(references)),
            CodeActionEquivalenceKey = equivalenceKey,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        if (iterations is { } count)
        {
            test.NumberOfIncrementalIterations = count;
            test.NumberOfFixAllIterations = 1;
        }

        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.TestState.AdditionalReferences.AddRange(references.SdkReferences());
        test.TestState.AdditionalReferences.AddRange(additionalReferences ?? []);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var fixedSource in fixedSources)
        {
            test.FixedState.Sources.Add(fixedSource);
        }

        foreach (var (name, text) in addedFiles ?? [])
        {
            test.FixedState.Sources.Add((name, HelperText(text)));
        }

        test.ExpectedDiagnostics.AddRange(diagnostics ?? []);

        await test.RunAsync(CancellationToken.None);
        if (fixedSources.SequenceEqual(sources))
        {
            return;
        }

        // The fixed code must satisfy every KmsKit rule, not only the one that was fixed.
        var fixedCompilation = await AllAnalyzers.CompileAsync(
            references, fixedSources.Select((s, i) => ($"/0/Fixed{i}.cs", s)).Concat(addedFiles ?? []));
        fixedCompilation = fixedCompilation.AddReferences(additionalReferences ?? []);
        var remaining = (await AllAnalyzers.RunAsync(fixedCompilation)).Where(d => d.Id.StartsWith("KMS", StringComparison.Ordinal)).ToArray();
        Assert.True(remaining.Length == 0, "The fixed code still has KMS diagnostics:\n" + string.Join("\n", remaining.Select(d => d.ToString())));
    }

    /// <summary>A helper file as the fixes add it: UTF-8 without a byte order mark (the test compares encodings too).</summary>
    public static SourceText HelperText(string text) => SourceText.From(text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
}
