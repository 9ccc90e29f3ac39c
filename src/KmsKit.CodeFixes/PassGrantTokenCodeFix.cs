using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS306: passes the new grant's token: <c>GrantTokens = new() { grant.GrantToken }</c>, where <c>grant</c> is the
/// local that holds the CreateGrant response (the diagnostic's second location is that call).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassGrantTokenCodeFix))]
[Shared]
public sealed class PassGrantTokenCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.GrantTokenNotUsed.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0 ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call ||
                RequestSyntax.CreationOf(call, model, context.CancellationToken) is not { } creation ||
                ResponseLocalOf(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)) is not { } grant)
            {
                continue;
            }

            var token = SyntaxFactory.ParseExpression($"new() {{ {grant}.GrantToken }}");
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Pass {grant}.GrantToken",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(creation, RequestSyntax.WithMember(creation, "GrantTokens", token)))),
                    nameof(PassGrantTokenCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The local declared with the CreateGrant call's result: <c>var grant = await kms.CreateGrantAsync(...)</c>.</summary>
    private static string? ResponseLocalOf(SyntaxNode grantCall)
    {
        var node = grantCall;
        while (node.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax ||
               node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } ||
               node.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } })
        {
            node = node.Parent;
        }

        return node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator.Identifier.ValueText : null;
    }
}
