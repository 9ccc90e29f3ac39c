using System.Composition;
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
public sealed class PassGrantTokenCodeFix : KmsCodeFixProvider
{
    public PassGrantTokenCodeFix()
        : base(DiagnosticDescriptors.GrantTokenNotUsed)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (fix.Node is not InvocationExpressionSyntax call ||
            RequestSyntax.CreationOf(call, fix.Model, fix.CancellationToken) is not { } creation ||
            fix.AdditionalNode(0) is not InvocationExpressionSyntax grantCall ||
            ResponseLocalOf(grantCall) is not { } grant)
        {
            return null;
        }

        var token = SyntaxFactory.ParseExpression($"new() {{ {grant}.GrantToken }}");
        return fix.Action(
            $"Pass {grant}.GrantToken",
            nameof(PassGrantTokenCodeFix),
            () => fix.Root.ReplaceNode(creation, RequestSyntax.WithMember(creation, "GrantTokens", token)));
    }

    /// <summary>The local declared with the CreateGrant call's result: <c>var grant = await kms.CreateGrantAsync(...)</c>.</summary>
    private static string? ResponseLocalOf(InvocationExpressionSyntax grantCall) =>
        RequestSyntax.ResultOf(grantCall).Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator.Identifier.ValueText : null;
}
