using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS103: fills a local nonce buffer with random bytes right before each encryption
/// (<c>RandomNumberGenerator.Fill(nonce);</c>). A nonce written inline or kept in a static field is not fixed: the
/// new nonce would have to be stored with the ciphertext, which only the author can decide where.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FillNonceCodeFix))]
[Shared]
public sealed class FillNonceCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ConstantOrReusedNonce.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node ||
                (node is ArgumentSyntax argument ? argument.Expression : node) is not IdentifierNameSyntax nonce ||
                model.GetSymbolInfo(nonce, context.CancellationToken).Symbol is not ILocalSymbol { Type: IArrayTypeSymbol } ||
                nonce.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement)
            {
                continue;
            }

            var fill = SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(
                        SyntaxFactory.ParseExpression("global::System.Security.Cryptography.RandomNumberGenerator.Fill").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(nonce.Identifier.ValueText))))))
                .WithLeadingTrivia(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                .WithTrailingTrivia(statement.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Fill '{nonce.Identifier.ValueText}' with random bytes before each encryption",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.InsertNodesBefore(statement, new[] { fill }))),
                    nameof(FillNonceCodeFix)),
                diagnostic);
        }
    }
}
