using System.Reflection;
using KmsKit.Generators.Model;
using KmsKit.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.Generators.Tests;

/// <summary>The generator's tracked steps are cached across edits that do not touch a marked type.</summary>
public sealed class IncrementalityTests
{
    private const string Orders = """
        using KmsKit.Runtime.Encryptors;
        namespace Shop;
        [KmsEncrypted("alias/orders")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
        """;

    private const string Patients = """
        using KmsKit.Runtime.Encryptors;
        namespace Clinic;
        [KmsEncrypted(KeyName = "patients")]
        public partial class Patient
        {
            [EncryptionContext("clinic")] public string Clinic { get; init; } = "";
            [Encrypt] public string Name { get; set; } = "";
        }
        """;

    private const string Unrelated = """
        namespace Shop;
        public static class Prices
        {
            public static decimal WithTax(decimal net) => net * 1.2m;
        }
        """;

    private static readonly string[] Steps =
        [EncryptorGenerator.Steps.Parse, EncryptorGenerator.Steps.Registrations, EncryptorGenerator.Steps.DependencyInjection];

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorRun.Compile(Orders, Patients, Unrelated);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);

        var edited = Replace(compilation, 2, Unrelated.Replace("1.2m", "1.25m", StringComparison.Ordinal) + "\npublic sealed class Basket { }\n");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    [Fact]
    public void An_edit_to_a_marked_type_changes_only_its_own_output()
    {
        var compilation = GeneratorRun.Compile(Orders, Patients, Unrelated);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var edited = Replace(compilation, 1, Patients.Replace("[Encrypt] public string Name", "[Encrypt] public int Age { get; set; }\n    [Encrypt] public string Name", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var parsed = result.TrackedSteps[EncryptorGenerator.Steps.Parse].SelectMany(s => s.Outputs).ToList();
        var modified = Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal("Clinic.Patient", ((ParseResult)modified.Value).Model!.TypeIdentity);
        Assert.All(parsed.Where(o => o != modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{o.Reason}"));
        var emitted = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Single(emitted, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(before["Shop.Order.Encryptor.g.cs"], after["Shop.Order.Encryptor.g.cs"]);
        Assert.NotEqual(before["Clinic.Patient.Encryptor.g.cs"], after["Clinic.Patient.Encryptor.g.cs"]);
        Assert.Contains("member_Age", after["Clinic.Patient.Encryptor.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_holds_no_symbols_syntax_or_locations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(ParseResult)]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var next in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType).Concat(type.GetGenericArguments()))
            {
                pending.Push(Nullable.GetUnderlyingType(next) ?? next);
            }
        }

        Assert.Contains(typeof(ValueShape), seen);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorRun.ParseOptions, old.FilePath));
    }
}
