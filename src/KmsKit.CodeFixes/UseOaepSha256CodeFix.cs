using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
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
public sealed class UseOaepSha256CodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "KmsKit.UseOaepSha256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakAsymmetricEncryption.Id);

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
            // A local holding the algorithm is fixed where it is assigned, not where it is used.
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value ||
                value is not (MemberAccessExpressionSyntax or LiteralExpressionSyntax))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use RSAES_OAEP_SHA_256",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, Sha256().WithTriviaFrom(value)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static ExpressionSyntax Sha256() =>
        SyntaxFactory.ParseExpression("global::Amazon.KeyManagementService.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256")
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
