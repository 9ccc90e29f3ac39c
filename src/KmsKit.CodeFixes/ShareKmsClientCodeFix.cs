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
        if (KmsClientCreation.Of(fix.Node, out var type) is not { } creation ||
            type!.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == FieldName)) ||
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
        var newType = KmsClientCreation.Replace(type, creation, SyntaxFactory.IdentifierName(FieldName));
        newType = newType.WithMembers(newType.Members.Insert(0, field));
        return root.ReplaceNode(type, newType);
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
