using System.Composition;
using System.Linq;
using System.Threading;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS202: the client made per call becomes one <c>private static readonly</c> client of the class, made with the same
/// arguments; a <c>using</c> that would dispose it goes. Offered when the arguments need nothing of the instance or the
/// call (a region, a config built from constants), so that the client can be made once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShareKmsClientCodeFix))]
[Shared]
public sealed class ShareKmsClientCodeFix : KmsCodeFixProvider
{
    private const string FieldName = "SharedKmsClient";

    public ShareKmsClientCodeFix()
        : base(DiagnosticDescriptors.KmsClientPerCall)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (fix.Node is not ObjectCreationExpressionSyntax creation ||
            creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax type ||
            type.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == FieldName)) ||
            !DependsOnlyOnStatics(creation, fix.Model, fix.CancellationToken))
        {
            return null;
        }

        return fix.Action("Share one static client", nameof(ShareKmsClientCodeFix), () => Share(fix.Root, type, creation));
    }

    private static SyntaxNode Share(SyntaxNode root, ClassDeclarationSyntax type, ObjectCreationExpressionSyntax creation)
    {
        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(creation.Type.WithoutTrivia())
                    .AddVariables(SyntaxFactory.VariableDeclarator(FieldName).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia()))))
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var shared = SyntaxFactory.IdentifierName(FieldName).WithTriviaFrom(creation);

        // The shared client must outlive the call: a `using` declaration or statement holding it goes.
        ClassDeclarationSyntax newType = creation.Parent?.Parent?.Parent switch
        {
            VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration } =>
                type.ReplaceNode(declaration, declaration.ReplaceNode(creation, shared)
                    .WithUsingKeyword(default)
                    .WithLeadingTrivia(declaration.GetLeadingTrivia())),
            VariableDeclarationSyntax { Parent: UsingStatementSyntax { Parent: BlockSyntax } statement } variables =>
                type.ReplaceNode(statement, Unwrap(statement, variables.ReplaceNode(creation, shared))),
            _ => type.ReplaceNode(creation, shared),
        };
        newType = newType.WithMembers(newType.Members.Insert(0, field));
        return root.ReplaceNode(type, newType);
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

    /// <summary>True when the arguments refer to nothing but types, static members and constants.</summary>
    private static bool DependsOnlyOnStatics(ObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
        creation.ArgumentList is null ||
        creation.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>().All(identifier =>
            model.GetSymbolInfo(identifier, cancellationToken).Symbol switch
            {
                ITypeSymbol or INamespaceSymbol => true,
                IFieldSymbol field => field.IsStatic || field.IsConst,
                IPropertySymbol property => property.IsStatic,
                IMethodSymbol method => method.IsStatic,
                _ => false,
            });
}
