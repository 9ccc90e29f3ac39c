using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>What a gated rule gets with each node it looks at: the semantic model, the symbol the node is in, and where to report.</summary>
internal readonly struct GateContext
{
    private readonly Action<Diagnostic> _report;
    private readonly SyntaxNode _node;

    public GateContext(SemanticModel semanticModel, SyntaxNode node, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        SemanticModel = semanticModel;
        _node = node;
        _report = report;
        CancellationToken = cancellationToken;
    }

    public SemanticModel SemanticModel { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The method, accessor or other member whose code holds the node.</summary>
    public ISymbol? ContainingSymbol => SemanticModel.GetEnclosingSymbol(_node.SpanStart, CancellationToken);

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);

    public static GateContext For(SemanticModelAnalysisContext context, SyntaxNode node) =>
        new(context.SemanticModel, node, context.ReportDiagnostic, context.CancellationToken);
}
