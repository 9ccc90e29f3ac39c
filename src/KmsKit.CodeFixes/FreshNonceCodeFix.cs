using System.Composition;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS103: a nonce kept in a field (shared by every encryption) becomes a fresh random nonce per encryption, and the
/// field is removed. See <see cref="FreshNoncePlan"/> for when this cannot lose data, and so is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FreshNonceCodeFix))]
[Shared]
public sealed class FreshNonceCodeFix : KmsCodeFixProvider
{
    public FreshNonceCodeFix()
        : base(DiagnosticDescriptors.ConstantOrReusedNonce)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix) =>
        FreshNoncePlan.For(fix) is { } plan
            ? fix.Action("Use a fresh random nonce for each encryption", nameof(FreshNonceCodeFix), () => FreshNonceRewriter.Apply(fix.Root, plan))
            : null;
}
