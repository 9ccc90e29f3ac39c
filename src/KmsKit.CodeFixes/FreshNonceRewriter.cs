using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace KmsKit.CodeFixes;

/// <summary>Carries out a <see cref="FreshNoncePlan"/>: declares and fills the local, reads it instead of the field, removes the field.</summary>
internal static class FreshNonceRewriter
{
    public static SyntaxNode Apply(SyntaxNode root, FreshNoncePlan plan)
    {
        var fieldDeclaration = plan.Field.Parent?.Parent as FieldDeclarationSyntax;
        var alone = fieldDeclaration?.Declaration.Variables.Count == 1;
        var removed = alone ? fieldDeclaration! : plan.Field;
        var next = alone ? NextMemberAfterLeadingField(fieldDeclaration!) : null;

        var tracked = root.TrackNodes(plan.Reads.Cast<SyntaxNode>().Append(plan.Anchor).Append(removed).Concat(next is null ? Enumerable.Empty<SyntaxNode>() : new[] { next }));
        tracked = tracked.ReplaceNodes(
            plan.Reads.Select(r => tracked.GetCurrentNode(r)!),
            (original, _) => SyntaxFactory.IdentifierName(plan.Local).WithTriviaFrom(original));

        var anchor = tracked.GetCurrentNode(plan.Anchor)!;
        var type = plan.OnStack ? "global::System.Span<byte>" : "var";
        var size = FreshNoncePlan.NonceSize.ToString(CultureInfo.InvariantCulture);
        var allocation = plan.OnStack ? $"stackalloc byte[{size}]" : $"new byte[{size}]";
        var declaration = SyntaxFactory.ParseStatement($"{type} {plan.Local} = {allocation};")
            .WithAdditionalAnnotations(Simplifier.Annotation)
            .WithTriviaOf(anchor);
        tracked = tracked.InsertNodesBefore(anchor, new[] { declaration, NonceFill.Before(anchor, plan.Local) });

        if (next is not null)
        {
            // The field opened the type: the blank line that separated it from the next member would now follow the brace.
            var current = tracked.GetCurrentNode(next)!;
            tracked = tracked.ReplaceNode(current, current.WithLeadingTrivia(WithoutBlankLines(current.GetLeadingTrivia())));
        }

        return tracked.RemoveNode(tracked.GetCurrentNode(removed)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }

    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList leading)
    {
        var trivia = leading.ToList();
        for (var end = trivia.FindIndex(t => !t.IsKind(SyntaxKind.WhitespaceTrivia));
             end >= 0 && trivia[end].IsKind(SyntaxKind.EndOfLineTrivia);
             end = trivia.FindIndex(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))
        {
            trivia.RemoveRange(0, end + 1);
        }

        return SyntaxFactory.TriviaList(trivia);
    }

    /// <summary>The member after <paramref name="field"/> when the field is the first member of its type, else null.</summary>
    private static MemberDeclarationSyntax? NextMemberAfterLeadingField(FieldDeclarationSyntax field) =>
        field.Parent is TypeDeclarationSyntax type && type.Members.IndexOf(field) == 0 && type.Members.Count > 1 ? type.Members[1] : null;
}
