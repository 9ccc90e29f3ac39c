using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KmsKit.CodeFixes;

/// <summary>
/// A <c>new AmazonKeyManagementServiceClient(...)</c> made per call (KMS202), and its replacement by a client that
/// outlives the call: a <c>using</c> declaration or statement that would dispose it goes.
/// </summary>
internal static class KmsClientCreation
{
    /// <summary>The creation a KMS202 diagnostic is reported on, in a class.</summary>
    public static ObjectCreationExpressionSyntax? Of(SyntaxNode node, out ClassDeclarationSyntax? type)
    {
        type = null;
        if (node is not ObjectCreationExpressionSyntax creation ||
            creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax declaring)
        {
            return null;
        }

        type = declaring;
        return creation;
    }

    /// <summary><paramref name="type"/> with <paramref name="creation"/> replaced by <paramref name="client"/>.</summary>
    public static ClassDeclarationSyntax Replace(ClassDeclarationSyntax type, ObjectCreationExpressionSyntax creation, ExpressionSyntax client)
    {
        var shared = client.WithTriviaFrom(creation);
        return creation.Parent?.Parent?.Parent switch
        {
            VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration } =>
                type.ReplaceNode(declaration, declaration.ReplaceNode(creation, shared)
                    .WithUsingKeyword(default)
                    .WithLeadingTrivia(declaration.GetLeadingTrivia())),
            VariableDeclarationSyntax { Parent: UsingStatementSyntax { Parent: BlockSyntax } statement } variables =>
                type.ReplaceNode(statement, Unwrap(statement, variables.ReplaceNode(creation, shared))),
            _ => type.ReplaceNode(creation, shared),
        };
    }

    /// <summary><c>using (var kms = X) { body }</c> becomes <c>var kms = X;</c> followed by the body's statements.</summary>
    private static SyntaxNode[] Unwrap(UsingStatementSyntax statement, VariableDeclarationSyntax declaration)
    {
        var local = SyntaxFactory.LocalDeclarationStatement(declaration.WithoutTrivia())
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.CloseParenToken.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var body = statement.Statement is BlockSyntax block ? block.Statements.ToArray() : new[] { statement.Statement };
        return new SyntaxNode[] { local }.Concat(body.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))).ToArray();
    }
}
