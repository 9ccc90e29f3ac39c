using KmsKit.Analyzers.Tests.Verifiers;
using KmsKit.Tests.Shared;

namespace KmsKit.Analyzers.Tests;

/// <summary>Every analyzer over every sample: no analyzer exception, and the gallery commits every rule.</summary>
public class SamplesTests
{
    private static IEnumerable<(string Path, string Text)> SourcesOf(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(p)));

    public static TheoryData<string> Samples => new(
        Directory.EnumerateDirectories(Repository.PathOf("samples")).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task No_analyzer_throws_on_a_sample(string sample)
    {
        var compilation = await AllAnalyzers.CompileAsync(TestReferences.RunningRuntimeWithKmsAndS3, SourcesOf(Repository.PathOf("samples", sample)));

        await AllAnalyzers.RunAsync(compilation);
    }

    [Fact]
    public async Task The_misuse_gallery_commits_every_rule()
    {
        var compilation = await AllAnalyzers.CompileAsync(TestReferences.RunningRuntimeWithKmsAndS3, SourcesOf(Repository.PathOf("samples", "MisuseGallery")));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        var reported = (await AllAnalyzers.RunAsync(compilation)).Select(d => d.Id).ToHashSet();

        var missing = RuleCatalogueTests.Descriptors.Select(d => d.Id).Where(id => !reported.Contains(id)).ToArray();
        Assert.True(missing.Length == 0, "The gallery commits no misuse for: " + string.Join(", ", missing));
    }
}
