using System.Threading;
using Microsoft.CodeAnalysis;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Whether a location is in code marked <c>[GeneratedCode]</c>, asked only when a diagnostic is reported. The analyzers
/// configure <see cref="Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.ReportDiagnostics"/> and filter here:
/// the compiler's own filter walks every token of a document that gets a diagnostic, which measured more than all of
/// KmsKit's rules together on a project full of findings (docs/decisions.md). Generated files are still not analyzed.
/// </summary>
internal static class GeneratedCode
{
    private const string AttributeName = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    public static bool Contains(SemanticModel model, Location location, CancellationToken cancellationToken)
    {
        if (location.SourceTree != model.SyntaxTree)
        {
            return false;
        }

        // The attribute is written GeneratedCode or GeneratedCodeAttribute (qualified or not) in the document.
        var index = SyntaxIndex.Of(model, cancellationToken);
        if (!index.Mentions("GeneratedCode") && !index.Mentions("GeneratedCodeAttribute"))
        {
            return false;
        }

        for (var symbol = model.GetEnclosingSymbol(location.SourceSpan.Start, cancellationToken); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass.HasFullName(AttributeName))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
