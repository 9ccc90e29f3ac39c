using System.Collections.Immutable;
using KmsKit.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the encryptor generator over test sources compiled against the running .NET and the assemblies this
/// project references (KmsKit.Runtime, DI abstractions, AWS SDK), with its incremental steps tracked.
/// </summary>
public static class GeneratorRun
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => Compile(References, sources);

    /// <summary>A compilation of a project that has the generator but no KmsKit.Runtime reference.</summary>
    public static CSharpCompilation CompileWithoutRuntime(params string[] sources) =>
        Compile([.. References.Where(reference => Path.GetFileName(reference.Display) != "KmsKit.Runtime.dll")], sources);

    private static CSharpCompilation Compile(ImmutableArray<MetadataReference> references, string[] sources) =>
        CSharpCompilation.Create(
            "Records",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, $"Record{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // The runtime's net8.0 references unify with the running .NET's newer assemblies, as in a user's build.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new EncryptorGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(CSharpCompilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Runs the generator and requires that the generated code compiles without a warning.</summary>
    public static GeneratorRunResult RunClean(params string[] sources)
    {
        var (result, output) = Run(Compile(sources));
        Assert.Null(result.Exception);
        var problems = output.GetDiagnostics().Concat(result.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Diagnostics:\n" + string.Join("\n", problems));
        return result;
    }
}
