using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// What every KmsKit fix shares: the rules it fixes, Fix All by batch, and one call per diagnostic with the
/// document's syntax root and semantic model at hand.
/// </summary>
public abstract class KmsCodeFixProvider : CodeFixProvider
{
    private protected KmsCodeFixProvider(params DiagnosticDescriptor[] fixes) =>
        FixableDiagnosticIds = fixes.Select(d => d.Id).ToImmutableArray();

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (CreateFix(new FixContext(context.Document, root, model, diagnostic, context.CancellationToken)) is { } action)
            {
                context.RegisterCodeFix(action, diagnostic);
            }
        }
    }

    /// <summary>The fix of one diagnostic, or null when this occurrence has none.</summary>
    private protected abstract CodeAction? CreateFix(FixContext fix);
}

/// <summary>One diagnostic to fix, with its document's root and semantic model.</summary>
internal sealed class FixContext
{
    public FixContext(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        Model = model;
        Diagnostic = diagnostic;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    public Diagnostic Diagnostic { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The node the diagnostic is reported on.</summary>
    public SyntaxNode Node => Root.FindNode(Diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

    /// <summary>The node at the diagnostic's additional location <paramref name="index"/>, if it has one.</summary>
    public SyntaxNode? AdditionalNode(int index) =>
        Diagnostic.AdditionalLocations.Count > index ? Root.FindNode(Diagnostic.AdditionalLocations[index].SourceSpan, getInnermostNodeForTie: true) : null;

    /// <summary>A code action that replaces the document's root with <paramref name="fixedRoot"/>'s result.</summary>
    public CodeAction Action(string title, string equivalenceKey, Func<SyntaxNode> fixedRoot) =>
        CodeAction.Create(title, _ => Task.FromResult(Document.WithSyntaxRoot(fixedRoot())), equivalenceKey);
}
