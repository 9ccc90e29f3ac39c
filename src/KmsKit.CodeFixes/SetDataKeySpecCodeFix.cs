using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS004: a data key request with both sizes keeps <c>KeySpec</c> and loses <c>NumberOfBytes</c>; one with
/// neither gets <c>KeySpec = DataKeySpec.AES_256</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetDataKeySpecCodeFix))]
[Shared]
public sealed class SetDataKeySpecCodeFix : CodeFixProvider
{
    private const string NumberOfBytes = "NumberOfBytes";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DataKeySizeAmbiguous.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.DataKeySize, out var kind) ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault() is not { } creation)
            {
                continue;
            }

            if (kind == DiagnosticProperties.BothSizes)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Keep KeySpec and remove NumberOfBytes", ct => RemoveNumberOfBytesAsync(context.Document, creation, ct), "KmsKit.RemoveNumberOfBytes"),
                    diagnostic);
            }
            else if (kind == DiagnosticProperties.NoSize)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Set KeySpec = DataKeySpec.AES_256", ct => AddKeySpecAsync(context.Document, creation, ct), "KmsKit.SetKeySpecAes256"),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> RemoveNumberOfBytesAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var member in creation.Initializer?.Expressions ?? default)
        {
            if (member is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: NumberOfBytes } })
            {
                editor.RemoveNode(member);
            }
        }

        // `request.NumberOfBytes = n;` statements on the local that holds this request.
        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } &&
            editor.SemanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local &&
            declarator.FirstAncestorOrSelf<BlockSyntax>() is { } block)
        {
            foreach (var statement in block.DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                if (statement.Expression is AssignmentExpressionSyntax
                    {
                        Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: NumberOfBytes, Expression: IdentifierNameSyntax receiver },
                    } &&
                    SymbolEqualityComparer.Default.Equals(editor.SemanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol, local))
                {
                    editor.RemoveNode(statement);
                }
            }
        }

        return editor.GetChangedDocument();
    }

    private static async Task<Document> AddKeySpecAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var aes256 = SyntaxFactory.ParseExpression("global::Amazon.KeyManagementService.DataKeySpec.AES_256").WithAdditionalAnnotations(Simplifier.Annotation);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(creation, RequestSyntax.WithMember(creation, "KeySpec", aes256)));
    }
}
