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
            creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax declaring ||
            IsDisposedLater(creation))
        {
            return null;
        }

        type = declaring;
        return creation;
    }

    /// <summary>
    /// The local the creation is kept in is disposed apart from its declaration (<c>using (kms)</c>, <c>using var c = kms</c>,
    /// <c>kms.Dispose()</c>, or assigned in a <c>using</c>): that would dispose the shared client, so no fix is offered.
    /// </summary>
    private static bool IsDisposedLater(ObjectCreationExpressionSyntax creation)
    {
        var name = creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } => assigned.Identifier.ValueText,
            _ => null,
        };
        if (name is null || creation.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
        {
            return false;
        }

        bool IsLocal(ExpressionSyntax? expression) =>
            expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name ||
            expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } && target.Identifier.ValueText == name;

        return member.DescendantNodes().Any(n => n switch
        {
            UsingStatementSyntax statement => IsLocal(statement.Expression) ||
                statement.Declaration?.Variables.Any(v => IsLocal(v.Initializer?.Value)) == true,
            LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration =>
                declaration.Declaration.Variables.Any(v => IsLocal(v.Initializer?.Value)),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } =>
                access.Name.Identifier.ValueText is "Dispose" or "DisposeAsync" && IsLocal(access.Expression),
            _ => false,
        });
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
            VariableDeclarationSyntax { Parent: UsingStatementSyntax statement } variables =>
                WithoutUsing(type, statement, variables.ReplaceNode(creation, shared)),
            _ => type.ReplaceNode(creation, shared),
        };
    }

    /// <summary>
    /// <c>using (var kms = X) { body }</c> without the using: <c>var kms = X;</c> followed by the body's statements, or
    /// the block <c>{ var kms = X; body }</c> where unwrapping would move a name into a scope that uses it already, or
    /// where the using is not a statement of a block (of an <c>if</c>, a switch section).
    /// </summary>
    private static ClassDeclarationSyntax WithoutUsing(ClassDeclarationSyntax type, UsingStatementSyntax statement, VariableDeclarationSyntax declaration)
    {
        var local = SyntaxFactory.LocalDeclarationStatement(declaration.WithoutTrivia())
            .WithTrailingTrivia(statement.CloseParenToken.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        if (statement.Parent is BlockSyntax enclosing && !WouldClash(statement, enclosing))
        {
            var body = statement.Statement is BlockSyntax block ? block.Statements.ToArray() : new[] { statement.Statement };
            return type.ReplaceNode(statement, new SyntaxNode[] { local.WithLeadingTrivia(statement.GetLeadingTrivia()) }
                .Concat(body.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))));
        }

        if (statement.Statement is BlockSyntax scope)
        {
            return type.ReplaceNode(statement, scope.WithStatements(scope.Statements.Insert(0, local)).WithLeadingTrivia(statement.GetLeadingTrivia()));
        }

        // A block of its own, which the using's comments open; its end keeps the using's line break (no blank line added).
        return type.ReplaceNode(statement, SyntaxFactory.Block(local.WithLeadingTrivia(statement.GetLeadingTrivia()), statement.Statement.WithoutTrailingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>
    /// True when a name the using or its body declares is used elsewhere in <paramref name="enclosing"/>, where it would
    /// clash with the local moved there (CS0128, CS0136) or change what a name refers to. Names declared in nested
    /// blocks of the body count too: at worst a block is kept that was not needed.
    /// </summary>
    private static bool WouldClash(UsingStatementSyntax statement, BlockSyntax enclosing)
    {
        var declared = new HashSet<string>(statement.DescendantNodes().Select(node => node switch
        {
            VariableDeclaratorSyntax variable => variable.Identifier,
            SingleVariableDesignationSyntax designation => designation.Identifier,
            LocalFunctionStatementSyntax function => function.Identifier,
            ForEachStatementSyntax loop => loop.Identifier,
            CatchDeclarationSyntax exception => exception.Identifier,
            LabeledStatementSyntax label => label.Identifier,
            _ => default,
        }).Select(identifier => identifier.ValueText));
        return enclosing.DescendantTokens()
            .Any(t => t.IsKind(SyntaxKind.IdentifierToken) && !statement.Span.Contains(t.Span) && declared.Contains(t.ValueText));
    }
}
