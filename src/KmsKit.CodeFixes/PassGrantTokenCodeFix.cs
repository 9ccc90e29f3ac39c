using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS306: passes the new grant's token: <c>GrantTokens = new() { grant.GrantToken }</c>, where <c>grant</c> is the
/// local that holds the CreateGrant response (the diagnostic's second location is that call). A discarded response
/// is first kept in a new local.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassGrantTokenCodeFix))]
[Shared]
public sealed class PassGrantTokenCodeFix : KmsCodeFixProvider
{
    public PassGrantTokenCodeFix()
        : base(DiagnosticDescriptors.GrantTokenNotUsed)
    {
    }

    // Several calls after one discarded CreateGrant must share the one local that Fix All declares for it, which
    // the batch fixer's merge of independent edits cannot do.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (GrantUse.Of(fix, new HashSet<string>()) is not { } use)
        {
            return null;
        }

        var title = use.Discarded is null ? $"Pass {use.Grant}.GrantToken" : $"Keep the grant as '{use.Grant}' and pass {use.Grant}.GrantToken";
        return fix.Action(title, nameof(PassGrantTokenCodeFix), () => Apply(fix.Root, new[] { use }));
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var uses = new List<GrantUse>();
        var declared = new Dictionary<ExpressionStatementSyntax, string>();
        var taken = new HashSet<string>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (GrantUse.Of(new FixContext(document, root, model, diagnostic, context.CancellationToken), taken) is not { } use)
            {
                continue;
            }

            if (use.Discarded is { } statement)
            {
                if (declared.TryGetValue(statement, out var name))
                {
                    use = new GrantUse(use.Creation, name, use.Discarded);
                }
                else
                {
                    declared.Add(statement, use.Grant);
                    taken.Add(use.Grant);
                }
            }

            uses.Add(use);
        }

        return document.WithSyntaxRoot(Apply(root, uses));
    }

    private static SyntaxNode Apply(SyntaxNode root, IReadOnlyCollection<GrantUse> uses)
    {
        var creations = uses.ToDictionary(u => (SyntaxNode)u.Creation, u => u.Grant);
        var declarations = uses.Where(u => u.Discarded is not null).GroupBy(u => (SyntaxNode)u.Discarded!).ToDictionary(g => g.Key, g => g.First().Grant);
        return root.ReplaceNodes(
            creations.Keys.Concat(declarations.Keys),
            (original, _) => creations.TryGetValue(original, out var grant)
                ? RequestSyntax.WithMember((BaseObjectCreationExpressionSyntax)original, "GrantTokens", SyntaxFactory.ParseExpression($"new() {{ {grant}.GrantToken }}"))
                : Declaration((ExpressionStatementSyntax)original, declarations[original]));
    }

    /// <summary><c>await kms.CreateGrantAsync(...);</c> becomes <c>var grant = await kms.CreateGrantAsync(...);</c>, trivia kept.</summary>
    private static LocalDeclarationStatementSyntax Declaration(ExpressionStatementSyntax statement, string local) =>
        SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var").WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(
                        SyntaxFactory.Identifier(local).WithTrailingTrivia(SyntaxFactory.Space),
                        null,
                        SyntaxFactory.EqualsValueClause(
                            SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
                            statement.Expression.WithoutLeadingTrivia())))))
            .WithSemicolonToken(statement.SemicolonToken)
            .WithLeadingTrivia(statement.GetLeadingTrivia());

    /// <summary>
    /// One grantee call to fix: its request creation, the local that holds (or will hold) the grant, and the
    /// CreateGrant statement to turn into that local's declaration when its response was discarded.
    /// </summary>
    private sealed class GrantUse
    {
        public GrantUse(BaseObjectCreationExpressionSyntax creation, string grant, ExpressionStatementSyntax? discarded)
        {
            Creation = creation;
            Grant = grant;
            Discarded = discarded;
        }

        public BaseObjectCreationExpressionSyntax Creation { get; }

        public string Grant { get; }

        public ExpressionStatementSyntax? Discarded { get; }

        public static GrantUse? Of(FixContext fix, ISet<string> taken)
        {
            if (fix.Node is not InvocationExpressionSyntax call ||
                RequestSyntax.CreationOf(call, fix.Model, fix.CancellationToken) is not { } creation ||
                fix.AdditionalNode(0) is not InvocationExpressionSyntax grantCall)
            {
                return null;
            }

            var result = RequestSyntax.ResultOf(grantCall);
            return result.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => new GrantUse(creation, declarator.Identifier.ValueText, null),
                ExpressionStatementSyntax discarded => new GrantUse(creation, LocalNames.Free(fix.Model, discarded.SpanStart, "grant", taken), discarded),
                _ => null,
            };
        }
    }
}
