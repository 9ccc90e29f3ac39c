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

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS105: <c>GenerateDataKey</c> becomes <c>GenerateDataKeyWithoutPlaintext</c>, with the request and response types
/// renamed where they are written. Offered when the response is kept in a local or discarded (other uses would
/// need the caller's types changed) and the request sets nothing the new request lacks.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGenerateDataKeyWithoutPlaintextCodeFix))]
[Shared]
public sealed class UseGenerateDataKeyWithoutPlaintextCodeFix : KmsCodeFixProvider
{
    private const string Suffix = "WithoutPlaintext";

    public UseGenerateDataKeyWithoutPlaintextCodeFix()
        : base(DiagnosticDescriptors.PlaintextDataKeyUnused)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix) =>
        fix.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call &&
        Renames(call, member, fix.Model, fix.CancellationToken) is { } renames
            ? fix.Action("Use GenerateDataKeyWithoutPlaintext", nameof(UseGenerateDataKeyWithoutPlaintextCodeFix), () => fix.Root.ReplaceTokens(renames, (original, _) => Renamed(original)))
            : null;

    /// <summary>The identifier tokens to rename: the method, the request type and the response type where written; null when the fix does not apply.</summary>
    private static List<SyntaxToken>? Renames(InvocationExpressionSyntax call, MemberAccessExpressionSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        var tokens = new List<SyntaxToken> { member.Name.Identifier };
        var creation = RequestSyntax.CreationOf(call, model, cancellationToken);
        if (creation is not null)
        {
            if (RequestSyntax.MemberOf(creation, "Recipient") is not null)
            {
                return null;
            }

            if (creation is ObjectCreationExpressionSyntax { Type: var requestType })
            {
                tokens.Add(RightmostIdentifier(requestType));
            }

            if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: { IsVar: false } declared } } })
            {
                tokens.Add(RightmostIdentifier(declared));
            }
        }

        // The response: kept in a local (its written type renamed) or discarded.
        switch (RequestSyntax.ResultOf(call).Parent)
        {
            case ExpressionStatementSyntax:
                break;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }:
                if (!declaration.Type.IsVar)
                {
                    tokens.Add(RightmostIdentifier(declaration.Type));
                }

                break;
            default:
                return null;
        }

        return tokens.All(t => t.IsKind(SyntaxKind.IdentifierToken)) ? tokens : null;
    }

    private static SyntaxToken RightmostIdentifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier,
        SimpleNameSyntax simple => simple.Identifier,
        _ => default,
    };

    /// <summary>GenerateDataKeyAsync gives GenerateDataKeyWithoutPlaintextAsync; GenerateDataKeyRequest gives GenerateDataKeyWithoutPlaintextRequest.</summary>
    private static SyntaxToken Renamed(SyntaxToken token)
    {
        var text = token.ValueText;
        var stem = "GenerateDataKey";
        var renamed = text.StartsWith(stem, System.StringComparison.Ordinal) ? stem + Suffix + text.Substring(stem.Length) : text;
        return SyntaxFactory.Identifier(token.LeadingTrivia, renamed, token.TrailingTrivia);
    }
}
