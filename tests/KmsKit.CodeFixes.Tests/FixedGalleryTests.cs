using System.Collections.Immutable;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// samples/MisuseGallery.Fixed is the gallery with every KmsKit code fix applied, one at a time, until none applies.
/// The test makes it again and compares; with KMSKIT_WRITE_FIXED_GALLERY=1 it writes it instead (after a fix changes).
/// </summary>
public class FixedGalleryTests
{
    private static readonly ImmutableArray<CodeFixProvider> Providers =
        typeof(KmsCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    [Fact]
    public async Task The_fixed_gallery_is_the_gallery_with_every_fix_applied()
    {
        var project = await FixAllAsync(await GalleryAsync());
        var fixedFolder = Repository.PathOf("samples", "MisuseGallery.Fixed");
        var expected = project.Documents.ToDictionary(d => d.Name, d => d.GetTextAsync().Result.ToString());

        if (Environment.GetEnvironmentVariable("KMSKIT_WRITE_FIXED_GALLERY") == "1")
        {
            foreach (var (name, text) in expected)
            {
                await File.WriteAllTextAsync(Path.Combine(fixedFolder, name), text);
            }
        }

        var committed = Directory.EnumerateFiles(fixedFolder, "*.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        Assert.Equal(expected.Keys.Order(), committed.Keys.Order());
        foreach (var (name, text) in expected)
        {
            Assert.True(text == committed[name], $"{name} is not what the fixes make of the gallery: run this test with KMSKIT_WRITE_FIXED_GALLERY=1 and commit.");
        }

        // What is left is what no fix handles, and the twin's .globalconfig lowers exactly those rules.
        var left = await AllAnalyzers.RunAsync((await project.GetCompilationAsync())!);
        var remaining = left.Select(d => d.Id).Distinct().Order().ToArray();
        var lowered = File.ReadAllLines(Path.Combine(fixedFolder, ".globalconfig"))
            .Where(l => l.StartsWith("dotnet_diagnostic.KMS", StringComparison.Ordinal))
            .Select(l => l["dotnet_diagnostic.".Length..l.IndexOf(".severity", StringComparison.Ordinal)])
            .Order()
            .ToArray();
        Assert.True(lowered.SequenceEqual(remaining), "Left after the fixes:\n" + string.Join("\n", left));
    }

    /// <summary>The gallery's sources in a workspace project, named as in the folder.</summary>
    private static async Task<Project> GalleryAsync()
    {
        var references = TestReferences.RunningRuntimeWithKmsAndS3;
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "MisuseGallery.Fixed",
            "MisuseGallery",
            LanguageNames.CSharp,
            filePath: Repository.PathOf("samples", "MisuseGallery.Fixed", "MisuseGallery.Fixed.csproj"),
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            // The running runtime's assemblies include this test's, which compiles the envelope helper: left out, so
            // that the KMS001 fix adds it to the gallery as it would to any project.
            metadataReferences: (await references.FrameworkReferencesAsync())
                .Where(r => !Path.GetFileName(r.Display ?? string.Empty).StartsWith("KmsKit.", StringComparison.Ordinal))
                .Concat(references.SdkReferences())));
        foreach (var path in Directory.EnumerateFiles(Repository.PathOf("samples", "MisuseGallery"), "*.cs").Order(StringComparer.Ordinal))
        {
            project = project.AddDocument(Path.GetFileName(path), SourceText.From(await File.ReadAllTextAsync(path))).Project;
        }

        return project;
    }

    /// <summary>Applies the first fix offered for the first KMS diagnostic that has one, until none has.</summary>
    private static async Task<Project> FixAllAsync(Project project)
    {
        for (var round = 0; round < 200; round++)
        {
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var diagnostics = (await AllAnalyzers.RunAsync(compilation)).Where(d => d.Id.StartsWith("KMS", StringComparison.Ordinal)).OrderBy(d => project.GetDocument(d.Location.SourceTree)!.Name, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start);
            var changed = await FirstFixAsync(project, diagnostics);
            if (changed is null)
            {
                return project;
            }

            project = changed;
        }

        throw new InvalidOperationException("The fixes did not converge.");
    }

    private static async Task<Project?> FirstFixAsync(Project project, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count == 0)
                {
                    continue;
                }

                var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id);
            }
        }

        return null;
    }
}
