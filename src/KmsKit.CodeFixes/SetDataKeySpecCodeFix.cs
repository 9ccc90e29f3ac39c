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
public sealed class SetDataKeySpecCodeFix : KmsCodeFixProvider
{
    private const string NumberOfBytes = "NumberOfBytes";

    public SetDataKeySpecCodeFix()
        : base(DiagnosticDescriptors.DataKeySizeAmbiguous)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (!fix.Diagnostic.Properties.TryGetValue(DiagnosticProperties.DataKeySize, out var kind) ||
            fix.Node.AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault() is not { } creation)
        {
            return null;
        }

        return kind switch
        {
            DiagnosticProperties.BothSizes => CodeAction.Create(
                "Keep KeySpec and remove NumberOfBytes", ct => RemoveNumberOfBytesAsync(fix.Document, creation, ct), "KmsKit.RemoveNumberOfBytes"),
            DiagnosticProperties.NoSize => fix.Action(
                "Set KeySpec = DataKeySpec.AES_256", "KmsKit.SetKeySpecAes256", () => fix.Root.ReplaceNode(creation, RequestSyntax.WithMember(creation, "KeySpec", Aes256()))),
            _ => null,
        };
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

    private static ExpressionSyntax Aes256() =>
        SyntaxFactory.ParseExpression("global::Amazon.KeyManagementService.DataKeySpec.AES_256").WithAdditionalAnnotations(Simplifier.Annotation);
}
