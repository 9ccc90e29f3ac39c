using System.Collections.Generic;
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
/// call (a region, a config built from constants), so that the client can be made once. A shared client the class has
/// already is reused by creations made the same way; Fix All gives the class one.
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

    /// <summary>Every creation of a class made like the shared one at once, so that the class gets one field.</summary>
    public override FixAllProvider GetFixAllProvider() =>
        KmsClientCreation.FixAllByClass(Applicable, static (type, creations, _) => Share(type, creations));

    private protected override CodeAction? CreateFix(FixContext fix) =>
        Applicable(fix.Node, fix.Model, fix.CancellationToken, out var type) is { } creation
            ? fix.Action("Share one static client", nameof(ShareKmsClientCodeFix), () => fix.Root.ReplaceNode(type!, Share(type!, new[] { creation })))
            : null;

    /// <summary>
    /// The creation, when it can be made once: its arguments need only statics, and a shared client the class has
    /// already (from this fix for another method) is made the same way.
    /// </summary>
    private static ObjectCreationExpressionSyntax? Applicable(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken, out ClassDeclarationSyntax? type) =>
        KmsClientCreation.Of(node, out type) is { } creation &&
        (SharedField(type!) is not { } existing || existing.Initializer?.Value.ToString() == creation.WithoutTrivia().ToString()) &&
        DependsOnlyOnStatics(creation, model, cancellationToken)
            ? creation
            : null;

    private static VariableDeclaratorSyntax? SharedField(ClassDeclarationSyntax type) =>
        type.Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables).FirstOrDefault(v => v.Identifier.ValueText == FieldName);

    /// <summary>The class with the creations made like the first one replaced by the shared client, added if missing.</summary>
    private static ClassDeclarationSyntax Share(ClassDeclarationSyntax type, IReadOnlyList<ObjectCreationExpressionSyntax> creations)
    {
        var first = creations[0].WithoutTrivia();
        var alike = creations.Where(c => c.WithoutTrivia().ToString() == first.ToString()).ToList();
        var newType = type.TrackNodes(alike);
        foreach (var creation in alike)
        {
            newType = KmsClientCreation.Replace(newType, newType.GetCurrentNode(creation)!, SyntaxFactory.IdentifierName(FieldName));
        }

        if (SharedField(type) is not null)
        {
            return newType;
        }

        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(first.Type)
                    .AddVariables(SyntaxFactory.VariableDeclarator(FieldName).WithInitializer(SyntaxFactory.EqualsValueClause(first))))
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return newType.WithMembers(newType.Members.Insert(0, field));
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
