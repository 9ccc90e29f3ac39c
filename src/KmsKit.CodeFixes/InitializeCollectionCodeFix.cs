using System.Composition;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS305: creates the request collection before it is used: <c>EncryptionContext = { ... }</c> in an initializer
/// becomes <c>EncryptionContext = new() { ... }</c>; for <c>request.EncryptionContext.Add(...)</c> the request's
/// initializer gets <c>EncryptionContext = new()</c>, or, when the request is made elsewhere, the statement is
/// preceded by <c>request.EncryptionContext ??= new();</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InitializeCollectionCodeFix))]
[Shared]
public sealed class InitializeCollectionCodeFix : KmsCodeFixProvider
{
    public InitializeCollectionCodeFix()
        : base(DiagnosticDescriptors.CollectionUsedBeforeCreated)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        var root = fix.Root;
        var fixedRoot = fix.Node switch
        {
            IdentifierNameSyntax { Parent: AssignmentExpressionSyntax { Right: InitializerExpressionSyntax items } } =>
                root.ReplaceNode(items, SyntaxFactory.ParseExpression("new() " + items.WithoutTrivia().ToFullString()).WithTriviaFrom(items)),
            MemberAccessExpressionSyntax { Expression: var receiver, Name.Identifier.ValueText: var member } access =>
                RequestSyntax.CreationOf(receiver, fix.Model, fix.CancellationToken) is { } creation && RequestSyntax.MemberOf(creation, member) is null
                    ? root.ReplaceNode(creation, RequestSyntax.WithMember(creation, member, SyntaxFactory.ImplicitObjectCreationExpression()))
                    : CreateBefore(root, access),
            _ => null,
        };
        return fixedRoot is null ? null : fix.Action("Create the collection first", nameof(InitializeCollectionCodeFix), () => fixedRoot);
    }

    /// <summary>Inserts <c>receiver.Member ??= new();</c> before the statement that uses the collection.</summary>
    private static SyntaxNode? CreateBefore(SyntaxNode root, MemberAccessExpressionSyntax access)
    {
        if (access.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement)
        {
            return null;
        }

        var create = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                SyntaxKind.CoalesceAssignmentExpression, access.WithoutTrivia(), SyntaxFactory.ImplicitObjectCreationExpression()))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        return root.InsertNodesBefore(statement, new[] { create });
    }
}
