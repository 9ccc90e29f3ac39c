using Microsoft.CodeAnalysis;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Full-name tests on symbols that compare the names part by part, from the innermost out, instead of building
/// <c>ToDisplayString()</c>: the rules ask them for every call they look at, and the display string allocates.
/// </summary>
internal static class SymbolNames
{
    /// <summary>True when the namespace or type is <paramref name="fullName"/> ("System.IO.MemoryStream"; nested types with dots).</summary>
    public static bool HasFullName(this INamespaceOrTypeSymbol? symbol, string fullName)
    {
        var end = fullName.Length;
        for (var current = symbol; current is not null and not INamespaceSymbol { IsGlobalNamespace: true }; current = Container(current))
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return Container(current) is null or INamespaceSymbol { IsGlobalNamespace: true };
            }

            if (fullName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }

    /// <summary>True when the symbol sits in namespace <paramref name="fullName"/> or in one nested in it.</summary>
    public static bool IsWithinNamespace(this ISymbol symbol, string fullName)
    {
        for (var ns = symbol.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.HasFullName(fullName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type is <paramref name="fullName"/> or derives from it.</summary>
    public static bool InheritsFrom(this INamedTypeSymbol? type, string fullName)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.HasFullName(fullName))
            {
                return true;
            }
        }

        return false;
    }

    private static INamespaceOrTypeSymbol? Container(INamespaceOrTypeSymbol symbol) =>
        (INamespaceOrTypeSymbol?)symbol.ContainingType ?? symbol.ContainingNamespace;
}
