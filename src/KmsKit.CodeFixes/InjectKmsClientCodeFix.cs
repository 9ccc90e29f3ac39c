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
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS202: the client made per call becomes an injected <c>IAmazonKeyManagementService</c>: a <c>private readonly</c>
/// field set from a new parameter of every constructor (or of a constructor added for it), which the container
/// resolves with its own configuration. Offered in instance methods (not in a <c>static</c> lambda or local function
/// there) of a class whose constructors can all take the parameter (none chains to another, no primary constructor,
/// not partial, no <c>new</c> of the class nor class deriving from it in the compilation to break) and when the client
/// is kept in a <c>var</c> local or used directly.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InjectKmsClientCodeFix))]
[Shared]
public sealed class InjectKmsClientCodeFix : KmsCodeFixProvider
{
    private const string Title = "Inject IAmazonKeyManagementService";
    private const string ServiceType = "global::Amazon.KeyManagementService.IAmazonKeyManagementService";

    public InjectKmsClientCodeFix()
        : base(DiagnosticDescriptors.KmsClientPerCall)
    {
    }

    /// <summary>Every creation of a class at once, so that it gets one field and one parameter.</summary>
    public override FixAllProvider GetFixAllProvider() => KmsClientCreation.FixAllByClass(Applicable, Inject);

    private protected override CodeAction? CreateFix(FixContext fix) =>
        Applicable(fix.Node, fix.Model, fix.CancellationToken, out var type) is { } creation
            ? fix.Action(Title, nameof(InjectKmsClientCodeFix), () => fix.Root.ReplaceNode(type!, Inject(type!, new[] { creation }, fix.Model)))
            : null;

    private static ObjectCreationExpressionSyntax? Applicable(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken, out ClassDeclarationSyntax? type)
    {
        if (KmsClientCreation.Of(node, out type) is not { } creation ||
            type!.ParameterList is not null ||
            type.Modifiers.Any(SyntaxKind.StaticKeyword) ||
            creation.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not BaseMethodDeclarationSyntax and not BasePropertyDeclarationSyntax ||
            !ReadsInstance(model.GetEnclosingSymbol(creation.SpanStart, cancellationToken)) ||
            model.GetDeclaredSymbol(type, cancellationToken) is not { DeclaringSyntaxReferences.Length: 1 } ||
            creation.Parent is EqualsValueClauseSyntax { Parent.Parent: VariableDeclarationSyntax { Type.IsVar: false } } ||
            Constructors(type).Any(c => c.Initializer is { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword } || c.Body is null) ||
            IsCreatedInCompilation(type, model, cancellationToken))
        {
            return null;
        }

        return creation;
    }

    /// <summary>
    /// True when code in <paramref name="symbol"/> can read an instance field: neither it nor any lambda or local
    /// function around it, out to the member, is static (a lambda in a static method is not static itself).
    /// </summary>
    private static bool ReadsInstance(ISymbol? symbol)
    {
        for (; symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }; symbol = symbol.ContainingSymbol)
        {
            if (symbol.IsStatic)
            {
                return false;
            }
        }

        return symbol is { IsStatic: false };
    }

    private static ClassDeclarationSyntax Inject(ClassDeclarationSyntax type, IReadOnlyList<ObjectCreationExpressionSyntax> creations, SemanticModel model)
    {
        // A client injected before (by this fix for another method) is reused.
        var existing = type.Members.OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) && !f.Modifiers.Any(SyntaxKind.StaticKeyword) && f.Declaration.Variables.Count == 1)
            .FirstOrDefault(f => model.GetTypeInfo(f.Declaration.Type).Type is { Name: "IAmazonKeyManagementService", ContainingNamespace.Name: "KeyManagementService" });
        var taken = new HashSet<string>(type.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var fieldName = existing?.Declaration.Variables[0].Identifier.ValueText ?? Fresh(taken, "_kms");
        var newType = type.TrackNodes(creations);
        foreach (var creation in creations)
        {
            newType = KmsClientCreation.Replace(newType, newType.GetCurrentNode(creation)!, SyntaxFactory.IdentifierName(fieldName));
        }

        if (existing is not null)
        {
            return newType;
        }

        var inConstructors = new HashSet<string>(Constructors(type).SelectMany(c => c.DescendantTokens()).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var parameterName = Fresh(inConstructors, "kms");
        var serviceType = SyntaxFactory.ParseTypeName(ServiceType).WithAdditionalAnnotations(Simplifier.Annotation);
        var assignment = SyntaxFactory.ParseStatement($"{fieldName} = {parameterName};")
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName)).WithType(serviceType);
        var constructors = Constructors(newType).ToList();
        newType = newType.ReplaceNodes(constructors, (_, constructor) => constructor
            .WithParameterList(constructor.ParameterList.AddParameters(parameter))
            .WithBody(constructor.Body!.WithStatements(constructor.Body.Statements.Insert(0, assignment.WithTrailingTrivia(constructor.Body.OpenBraceToken.TrailingTrivia)))));

        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(serviceType).AddVariables(SyntaxFactory.VariableDeclarator(fieldName)))
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var members = newType.Members.Insert(0, field);
        if (constructors.Count == 0)
        {
            var constructor = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword))
                .AddParameterListParameters(parameter)
                .WithBody(SyntaxFactory.Block(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
            members = members.Insert(1, constructor);
        }

        return newType.WithMembers(members);
    }

    private static IEnumerable<ConstructorDeclarationSyntax> Constructors(ClassDeclarationSyntax type) =>
        type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));

    /// <summary>
    /// True when some code of the compilation calls a constructor of the class, which the new parameter would break:
    /// a <c>new</c> of it, or a class deriving from it (its constructors call <c>base(...)</c>, if only implicitly).
    /// </summary>
    private static bool IsCreatedInCompilation(ClassDeclarationSyntax type, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetDeclaredSymbol(type, cancellationToken);
        SemanticModel ModelOf(SyntaxTree tree) => tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree);

        // The names it can be written with: its own, and aliases of it (using Handler = CardHandler;), in any file.
        var names = new HashSet<string> { type.Identifier.ValueText };
        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            foreach (var alias in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            {
                if (alias.Alias is not null &&
                    SymbolEqualityComparer.Default.Equals((ModelOf(tree).GetDeclaredSymbol(alias, cancellationToken)?.Target as ITypeSymbol)?.OriginalDefinition, symbol))
                {
                    names.Add(alias.Alias.Name.Identifier.ValueText);
                }
            }
        }

        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            var treeModel = ModelOf(tree);
            foreach (var node in root.DescendantNodes())
            {
                var created = node switch
                {
                    // Only a type written with one of those names (Tokens, N.Tokens, Tokens<int>, Handler) needs binding.
                    ObjectCreationExpressionSyntax { Type: var written } when !written.DescendantTokens().Any(t => names.Contains(t.ValueText)) => null,
                    BaseObjectCreationExpressionSyntax creation => treeModel.GetTypeInfo(creation, cancellationToken).Type?.OriginalDefinition,
                    ClassDeclarationSyntax { BaseList: not null } derived => treeModel.GetDeclaredSymbol(derived, cancellationToken)?.BaseType?.OriginalDefinition,
                    _ => null,
                };
                if (SymbolEqualityComparer.Default.Equals(created, symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Fresh(HashSet<string> taken, string name)
    {
        var candidate = name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = name + i;
        }

        return candidate;
    }
}
