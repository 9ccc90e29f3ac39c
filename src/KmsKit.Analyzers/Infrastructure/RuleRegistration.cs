using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Where a rule registers its semantic-model actions, filled when the first document of a compilation is analyzed
/// rather than at compilation start. Resolving a type at compilation start makes the analyzer the one that binds the
/// compilation's references, a cost the compiler pays anyway a moment later; measured, one such lookup cost 80 ms
/// of analyzer time in a 5-second build, against 5 ms once the compiler had bound them (docs/decisions.md).
/// </summary>
internal sealed class RuleRegistration
{
    private readonly ImmutableArray<Action<SemanticModelAnalysisContext>>.Builder _actions = ImmutableArray.CreateBuilder<Action<SemanticModelAnalysisContext>>();

    private RuleRegistration(Compilation compilation) => Compilation = compilation;

    public Compilation Compilation { get; }

    public void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _actions.Add(action);

    /// <summary>
    /// When <paramref name="context"/>'s compilation may reference <paramref name="assemblyName"/>, registers one
    /// semantic-model action that runs <paramref name="register"/> once, on the first document, then the actions it registered.
    /// </summary>
    public static void WhenReferenced(CompilationStartAnalysisContext context, string assemblyName, Action<RuleRegistration> register)
    {
        if (!MayReference(context.Compilation, assemblyName))
        {
            return;
        }

        var compilation = context.Compilation;
        var actions = new Lazy<ImmutableArray<Action<SemanticModelAnalysisContext>>>(
            () =>
            {
                var registration = new RuleRegistration(compilation);
                register(registration);
                return registration._actions.ToImmutable();
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
        context.RegisterSemanticModelAction(modelContext =>
        {
            foreach (var action in actions.Value)
            {
                action(modelContext);
            }
        });
    }

    /// <summary>
    /// False when no metadata reference of the compilation is the assembly's file: read from the reference list, which
    /// binds nothing (ExternalReferences, not References, which binds the #r directives). A reference that is not a file (another project, an image in memory) may be it.
    /// </summary>
    private static bool MayReference(Compilation compilation, string assemblyName)
    {
        foreach (var reference in compilation.ExternalReferences)
        {
            if (reference is not PortableExecutableReference { FilePath: { } path } ||
                string.Equals(Path.GetFileNameWithoutExtension(path), assemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
