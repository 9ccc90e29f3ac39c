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

/// <summary>KMS205: sets <c>BucketKeyEnabled = true</c> on the S3 request (or turns a <c>false</c> into <c>true</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnableBucketKeyCodeFix))]
[Shared]
public sealed class EnableBucketKeyCodeFix : KmsCodeFixProvider
{
    private const string BucketKeyEnabled = "BucketKeyEnabled";
    private const string BucketKeyHeader = "x-amz-server-side-encryption-bucket-key-enabled";

    public EnableBucketKeyCodeFix()
        : base(DiagnosticDescriptors.SseKmsWithoutBucketKey)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix) =>
        RequestOf(fix.Node, fix.Model, fix.CancellationToken) is { } creation
            ? fix.Action("Set BucketKeyEnabled = true", nameof(EnableBucketKeyCodeFix), () => fix.Root.ReplaceNode(creation, Enable(creation)))
            : null;

    /// <summary>
    /// The request whose ServerSideEncryptionMethod <paramref name="sse"/> is: in its initializer, set on its local, or
    /// given as the raw header on its local. Null when the method also sets the bucket key's raw header: which of the
    /// two the SDK sends is not for a fix to decide.
    /// </summary>
    private static BaseObjectCreationExpressionSyntax? RequestOf(SyntaxNode sse, SemanticModel model, CancellationToken cancellationToken)
    {
        var assignment = sse.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        return assignment switch
        {
            { Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } } => creation,
            { Left: MemberAccessExpressionSyntax { Expression: var receiver } } => RequestSyntax.CreationOf(receiver, model, cancellationToken),
            { Left: ElementAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } } when !SetsBucketKeyHeader(assignment) =>
                RequestSyntax.CreationOf(receiver, model, cancellationToken),
            _ => null,
        };
    }

    private static bool SetsBucketKeyHeader(SyntaxNode node) =>
        node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member &&
        member.DescendantNodes().OfType<LiteralExpressionSyntax>().Any(literal =>
            string.Equals(literal.Token.ValueText, BucketKeyHeader, System.StringComparison.OrdinalIgnoreCase));

    private static BaseObjectCreationExpressionSyntax Enable(BaseObjectCreationExpressionSyntax creation)
    {
        var enabled = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        return RequestSyntax.MemberOf(creation, BucketKeyEnabled) is { } existing
            ? creation.ReplaceNode(existing.Right, enabled.WithTriviaFrom(existing.Right))
            : RequestSyntax.WithMember(creation, BucketKeyEnabled, enabled);
    }
}
