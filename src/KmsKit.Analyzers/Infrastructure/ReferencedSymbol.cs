using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>The variable an expression names, to tell whether two expressions are the same client, cipher or response.</summary>
internal static class ReferencedSymbol
{
    /// <summary>The local, parameter, field or property that <paramref name="operation"/> reads, or null for any other expression.</summary>
    public static ISymbol? Of(IOperation? operation) => operation?.Unwrap() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };
}
