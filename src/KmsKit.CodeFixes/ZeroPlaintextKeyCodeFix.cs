using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS101: the statements that use a plaintext key go in a <c>try</c> whose <c>finally</c> zeroes every copy and the
/// response's stream buffer (see <see cref="KeyZeroingPlan"/> for where the <c>try</c> starts and when no fix is offered).
/// Clears the code already made after the uses move into the <c>finally</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroPlaintextKeyCodeFix))]
[Shared]
public sealed class ZeroPlaintextKeyCodeFix : KmsCodeFixProvider
{
    private const string Title = "Zero the plaintext key in finally";

    public ZeroPlaintextKeyCodeFix()
        : base(DiagnosticDescriptors.PlaintextDataKeyNotZeroed)
    {
    }

    /// <summary>One key at a time, each planned on the document as the previous ones left it.</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixAllAsync(document, diagnostics, context.CancellationToken));

    private protected override CodeAction? CreateFix(FixContext fix) =>
        KeyZeroingPlan.For(fix.Root, fix.Model, fix.Diagnostic.Location.SourceSpan, fix.CancellationToken) is { } plan
            ? fix.Action(Title, nameof(ZeroPlaintextKeyCodeFix), () => plan.Apply(fix.Root, HasZeroMemory(fix.Model.Compilation)))
            : null;

    private static async Task<Document?> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        // A key's buffers are reported one by one but fixed together: one diagnostic per key is kept, its node marked.
        var marks = new List<SyntaxAnnotation>();
        var seen = new HashSet<int>();
        var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!nodes.ContainsKey(node) && KeyZeroingPlan.For(root, model, diagnostic.Location.SourceSpan, cancellationToken) is { } plan && seen.Add(plan.FamilyStart))
            {
                var mark = new SyntaxAnnotation();
                nodes[node] = mark;
                marks.Add(mark);
            }
        }

        root = root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original]));
        var hasZeroMemory = HasZeroMemory(model.Compilation);
        foreach (var mark in marks)
        {
            document = document.WithSyntaxRoot(root);
            model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            if (root.GetAnnotatedNodes(mark).SingleOrDefault() is { } node &&
                KeyZeroingPlan.For(root, model, KeyZeroingPlan.DiagnosticSpanOf(node), cancellationToken) is { } plan)
            {
                root = plan.Apply(root, hasZeroMemory);
            }
        }

        return document.WithSyntaxRoot(root);
    }

    /// <summary><c>CryptographicOperations.ZeroMemory</c> exists from .NET Core 2.1; .NET Framework gets <c>Array.Clear</c>.</summary>
    private static bool HasZeroMemory(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Security.Cryptography.CryptographicOperations") is not null;
}
