using Microsoft.CodeAnalysis;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>The operation tree of a method whose source is in the compilation: what interprocedural questions read.</summary>
internal static class SourceBodies
{
    /// <summary>The operation of <paramref name="method"/>'s body (or local function), or null when it has none in source.</summary>
    public static IOperation? Of(Compilation compilation, IMethodSymbol method)
    {
        method = method.PartialImplementationPart ?? method;
        if (method.DeclaringSyntaxReferences.Length != 1 || method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // A callee's body is often in another tree than the one analyzed; callers cache what they read per compilation.
        return compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
#pragma warning restore RS1030
    }
}
