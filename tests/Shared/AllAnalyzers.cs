using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.Tests.Shared;

/// <summary>Every KmsKit analyzer at once, as a user's build runs them.</summary>
public static class AllAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> Instances { get; } =
        typeof(KmsKit.Analyzers.DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Compiles sources against a reference set (markup in test sources is stripped first).</summary>
    public static async Task<Compilation> CompileAsync(TestReferences references, IEnumerable<(string Path, string Text)> sources)
    {
        var framework = await references.FrameworkReferencesAsync();
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(
            SourceText.From(StripMarkup(s.Text)), new CSharpParseOptions(LanguageVersion.Latest), s.Path));
        return CSharpCompilation.Create(
            "AllAnalyzers",
            trees,
            framework.Concat(references.SdkReferences()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// Runs every analyzer and returns their diagnostics; fails if any analyzer throws (what a build reports as AD0001).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(Compilation compilation)
    {
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Instances, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.True(exceptions.IsEmpty, "Analyzer exceptions:\n" + string.Join("\n", exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    private static string StripMarkup(string source)
    {
        TestFileMarkupParser.GetSpans(source, out var output, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        return output;
    }
}
