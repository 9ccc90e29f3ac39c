using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>The <c>RandomNumberGenerator.Fill(nonce);</c> statement that KMS103's fixes put before an encryption.</summary>
internal static class NonceFill
{
    /// <summary>The fill of <paramref name="nonce"/>, indented like <paramref name="before"/>, the statement it goes before.</summary>
    public static StatementSyntax Before(StatementSyntax before, string nonce) =>
        SyntaxFactory.ExpressionStatement(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Security.Cryptography.RandomNumberGenerator.Fill").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(nonce))))))
            .WithTriviaOf(before);

    /// <summary><paramref name="statement"/> on a line of its own, indented like <paramref name="before"/>.</summary>
    public static StatementSyntax WithTriviaOf(this StatementSyntax statement, StatementSyntax before) =>
        statement
            .WithLeadingTrivia(before.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(before.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
}
