using System.Composition;
using System.Linq;
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
public sealed class FillNonceCodeFix : KmsCodeFixProvider
{
    public FillNonceCodeFix()
        : base(DiagnosticDescriptors.ConstantOrReusedNonce)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        var node = fix.Node;
        if ((node is ArgumentSyntax argument ? argument.Expression : node) is not IdentifierNameSyntax nonce ||
            fix.Model.GetSymbolInfo(nonce, fix.CancellationToken).Symbol is not ILocalSymbol { Type: IArrayTypeSymbol } ||
            nonce.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement)
        {
            return null;
        }

        var fill = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Security.Cryptography.RandomNumberGenerator.Fill").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(nonce.Identifier.ValueText))))))
            .WithLeadingTrivia(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(statement.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        return fix.Action(
            $"Fill '{nonce.Identifier.ValueText}' with random bytes before each encryption",
            nameof(FillNonceCodeFix),
            () => fix.Root.InsertNodesBefore(statement, new[] { fill }));
    }
}
