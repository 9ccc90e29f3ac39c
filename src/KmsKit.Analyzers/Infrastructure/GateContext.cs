using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>What a gated rule gets with each node it looks at: the semantic model, the symbol the node is in, and where to report.</summary>
internal readonly struct GateContext
{
    // The analysis context itself rather than a delegate to its ReportDiagnostic, which would box it once per node.
    private readonly SemanticModelAnalysisContext _context;
    private readonly SyntaxNode _node;

    private GateContext(SemanticModelAnalysisContext context, SyntaxNode node)
    {
        _context = context;
        _node = node;
    }

    public SemanticModel SemanticModel => _context.SemanticModel;

    public CancellationToken CancellationToken => _context.CancellationToken;

    /// <summary>The method, accessor or other member whose code holds the node.</summary>
    public ISymbol? ContainingSymbol => SemanticModel.GetEnclosingSymbol(_node.SpanStart, CancellationToken);

    public void ReportDiagnostic(Diagnostic diagnostic)
    {
        if (!GeneratedCode.Contains(SemanticModel, diagnostic.Location, CancellationToken))
        {
            _context.ReportDiagnostic(diagnostic);
        }
    }

    public static GateContext For(SemanticModelAnalysisContext context, SyntaxNode node) => new(context, node);
}
