using System.Composition;
using System.Threading;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>KMS205: sets <c>BucketKeyEnabled = true</c> on the S3 request (or turns a <c>false</c> into <c>true</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnableBucketKeyCodeFix))]
[Shared]
public sealed class EnableBucketKeyCodeFix : KmsCodeFixProvider
{
    private const string BucketKeyEnabled = "BucketKeyEnabled";

    public EnableBucketKeyCodeFix()
        : base(DiagnosticDescriptors.SseKmsWithoutBucketKey)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix) =>
        RequestOf(fix.Node, fix.Model, fix.CancellationToken) is { } creation
            ? fix.Action("Set BucketKeyEnabled = true", nameof(EnableBucketKeyCodeFix), () => fix.Root.ReplaceNode(creation, Enable(creation)))
            : null;

    /// <summary>The request whose ServerSideEncryptionMethod <paramref name="sse"/> is: in its initializer, or set on its local.</summary>
    private static BaseObjectCreationExpressionSyntax? RequestOf(SyntaxNode sse, SemanticModel model, CancellationToken cancellationToken)
    {
        var assignment = sse.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        return assignment switch
        {
            { Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } } => creation,
            { Left: MemberAccessExpressionSyntax { Expression: var receiver } } => RequestSyntax.CreationOf(receiver, model, cancellationToken),
            _ => null,
        };
    }

    private static BaseObjectCreationExpressionSyntax Enable(BaseObjectCreationExpressionSyntax creation)
    {
        var enabled = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        return RequestSyntax.MemberOf(creation, BucketKeyEnabled) is { } existing
            ? creation.ReplaceNode(existing.Right, enabled.WithTriviaFrom(existing.Right))
            : RequestSyntax.WithMember(creation, BucketKeyEnabled, enabled);
    }
}
