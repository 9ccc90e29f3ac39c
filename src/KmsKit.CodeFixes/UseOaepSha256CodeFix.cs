using System.Composition;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>KMS007: <c>RSAES_OAEP_SHA_1</c> becomes <c>EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseOaepSha256CodeFix))]
[Shared]
public sealed class UseOaepSha256CodeFix : KmsCodeFixProvider
{
    public UseOaepSha256CodeFix()
        : base(DiagnosticDescriptors.WeakAsymmetricEncryption)
    {
    }

    // A local holding the algorithm is fixed where it is assigned, not where it is used.
    private protected override CodeAction? CreateFix(FixContext fix) =>
        fix.Node is ExpressionSyntax value and (MemberAccessExpressionSyntax or LiteralExpressionSyntax)
            ? fix.Action("Use RSAES_OAEP_SHA_256", nameof(UseOaepSha256CodeFix), () => fix.Root.ReplaceNode(value, Sha256().WithTriviaFrom(value)))
            : null;

    private static ExpressionSyntax Sha256() =>
        SyntaxFactory.ParseExpression("global::Amazon.KeyManagementService.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256")
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
