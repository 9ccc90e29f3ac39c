using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.CodeFixes;

/// <summary>Names for the locals that fixes declare.</summary>
internal static class LocalNames
{
    /// <summary>
    /// <paramref name="name"/>, or the first of name2, name3... that nothing in scope at <paramref name="position"/> and
    /// nothing in <paramref name="taken"/> uses, nor any identifier in <paramref name="within"/> (locals declared further
    /// on, in nested blocks, which a new local must not clash with).
    /// </summary>
    public static string Free(SemanticModel model, int position, string name, ISet<string> taken, SyntaxNode? within = null)
    {
        var declaredWithin = new HashSet<string>(
            within?.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText) ?? Enumerable.Empty<string>());
        var candidate = name;
        for (var suffix = 2; taken.Contains(candidate) || declaredWithin.Contains(candidate) || model.LookupSymbols(position, name: candidate).Length > 0; suffix++)
        {
            candidate = name + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
