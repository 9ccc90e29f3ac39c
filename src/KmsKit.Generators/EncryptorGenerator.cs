using System.Linq;
using KmsKit.Generators.Emitting;
using KmsKit.Generators.Model;
using KmsKit.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.Generators;

/// <summary>
/// Generates a typed encryptor for every type marked [KmsEncrypted]: parse (symbols to an equatable model, once
/// per marked type) then emit (model to source), plus one dependency-injection registration per assembly.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class EncryptorGenerator : IIncrementalGenerator
{
    /// <summary>The tracked step names, which the incrementality tests read.</summary>
    public static class Steps
    {
        public const string Parse = "KmsEncryptedParse";
        public const string Registrations = "KmsEncryptedRegistrations";
        public const string DependencyInjection = "DependencyInjectionAvailable";
        public const string RuntimeReferenced = "KmsKitRuntimeReferenced";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypes.KmsEncryptedAttribute, static (node, _) => node is TypeDeclarationSyntax, EncryptorParser.Parse)
            .WithTrackingName(Steps.Parse);

        context.RegisterSourceOutput(parsed, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Model is { } model)
            {
                output.AddSource(model.HintName, EncryptorEmitter.Emit(model));
            }
        });

        var registrations = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!.Record.Shape.TypeName)
            .WithTrackingName(Steps.Registrations)
            .Collect();
        var dependencyInjection = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not null)
            .WithTrackingName(Steps.DependencyInjection);

        context.RegisterSourceOutput(registrations.Combine(dependencyInjection), static (output, input) =>
        {
            var (records, available) = input;
            if (available && !records.IsEmpty)
            {
                output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(records.Sort(System.StringComparer.Ordinal)));
            }
        });

        ReportMissingRuntime(context);
    }

    // Without KmsKit.Runtime the attribute is only a name in the syntax: say which package to add (the compiler's
    // CS0246 stays, as a generator cannot remove an error, but this one names the fix).
    private static void ReportMissingRuntime(IncrementalGeneratorInitializationContext context)
    {
        var runtimeReferenced = context.CompilationProvider
            .Select(static (compilation, _) => RuntimeReferenceParser.IsReferenced(compilation))
            .WithTrackingName(Steps.RuntimeReferenced);
        var unresolved = context.SyntaxProvider
            .CreateSyntaxProvider(RuntimeReferenceParser.IsCandidate, RuntimeReferenceParser.Parse)
            .Combine(runtimeReferenced)
            .Where(static input => !input.Right)
            .Select(static (input, _) => input.Left);

        context.RegisterSourceOutput(unresolved, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
    }
}
