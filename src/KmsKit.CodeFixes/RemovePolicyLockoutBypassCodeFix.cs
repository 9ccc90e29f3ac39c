using System.Composition;
using System.Linq;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>KMS301: removes <c>BypassPolicyLockoutSafetyCheck = true</c> (an initializer member or its statement).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemovePolicyLockoutBypassCodeFix))]
[Shared]
public sealed class RemovePolicyLockoutBypassCodeFix : KmsCodeFixProvider
{
    public RemovePolicyLockoutBypassCodeFix()
        : base(DiagnosticDescriptors.PolicyLockoutSafetyCheckBypassed)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix) =>
        fix.Node is AssignmentExpressionSyntax assignment
            ? fix.Action("Remove BypassPolicyLockoutSafetyCheck", nameof(RemovePolicyLockoutBypassCodeFix), () => Remove(fix.Root, assignment))
            : null;

    /// <summary>
    /// An initializer member goes with its comma; a statement goes whole, and the comments above it move to the
    /// statement that follows.
    /// </summary>
    private static SyntaxNode Remove(SyntaxNode root, AssignmentExpressionSyntax assignment)
    {
        if (assignment.Parent is not ExpressionStatementSyntax statement)
        {
            return root.RemoveNode(assignment, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        var comments = statement.GetLeadingTrivia().Reverse().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var next = statement.GetLastToken().GetNextToken();
        root = root.TrackNodes(statement);
        root = root.ReplaceToken(root.FindToken(next.SpanStart), next.WithLeadingTrivia(comments.Concat(next.LeadingTrivia)));
        return root.RemoveNode(root.GetCurrentNode(statement)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}
