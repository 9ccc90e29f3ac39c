using System.Composition;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS103: fills a local nonce buffer with random bytes right before each encryption
/// (<c>RandomNumberGenerator.Fill(nonce);</c>). A nonce written inline is not fixed: the new nonce would have to be
/// stored with the ciphertext, which only the author can decide where. A nonce field is <see cref="FreshNonceCodeFix"/>'s.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FillNonceCodeFix))]
[Shared]
public sealed class FillNonceCodeFix : KmsCodeFixProvider
{
    public FillNonceCodeFix()
        : base(DiagnosticDescriptors.ConstantOrReusedNonce)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        var node = fix.Node;
        if ((node is ArgumentSyntax argument ? argument.Expression : node) is not IdentifierNameSyntax nonce ||
            fix.Model.GetSymbolInfo(nonce, fix.CancellationToken).Symbol is not ILocalSymbol { Type: IArrayTypeSymbol } ||
            nonce.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement)
        {
            return null;
        }

        var fill = NonceFill.Before(statement, nonce.Identifier.ValueText);
        return fix.Action(
            $"Fill '{nonce.Identifier.ValueText}' with random bytes before each encryption",
            nameof(FillNonceCodeFix),
            () => fix.Root.InsertNodesBefore(statement, new[] { fill }));
    }
}
