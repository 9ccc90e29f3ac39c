using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
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
    /// <summary>The creation a fix applies to, and its class; null when the fix is not offered there.</summary>
    public delegate ObjectCreationExpressionSyntax? Applicable(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken, out ClassDeclarationSyntax? type);

    /// <summary>
    /// Fix All for a fix that rewrites the class: every applicable creation of a class at once, so that the class gets
    /// one field (and one constructor parameter) however many methods made a client.
    /// </summary>
    public static FixAllProvider FixAllByClass(
        Applicable applicable,
        Func<ClassDeclarationSyntax, IReadOnlyList<ObjectCreationExpressionSyntax>, SemanticModel, ClassDeclarationSyntax> rewrite) =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            var byType = diagnostics
                .Select(d => (Creation: applicable(root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true), model, context.CancellationToken, out var type), Type: type))
                .Where(c => c.Creation is not null)
                .GroupBy(c => c.Type!)
                .ToDictionary(g => (SyntaxNode)g.Key, g => (SyntaxNode)rewrite(g.Key, g.Select(c => c.Creation!).ToList(), model));
            return document.WithSyntaxRoot(root.ReplaceNodes(byType.Keys, (original, _) => byType[original]));
        });

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
