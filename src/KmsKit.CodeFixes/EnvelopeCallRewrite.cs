using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// The KMS001 rewrite both envelope fixes share: <c>kms.EncryptAsync(request)</c> becomes <c>Helper.EncryptAsync(kms, request)</c>
/// and the KMS <c>DecryptAsync</c> calls of the same document become <c>Helper.DecryptAsync(kms, request)</c>, where the helper
/// (added to the project once) keeps the SDK's request and response types, so the code around the calls compiles unchanged.
/// </summary>
internal sealed class EnvelopeCallRewrite
{
    private readonly ProjectHelper _helper;
    private readonly Func<Compilation, SyntaxTree, bool> _applies;

    /// <param name="applies">Whether the helper can go into a document's project: checked by the single fix and by
    /// Fix All alike, so that Fix All over a solution skips the projects it does not fit.</param>
    public EnvelopeCallRewrite(ProjectHelper helper, string title, string equivalenceKey, Func<Compilation, SyntaxTree, bool> applies)
    {
        _helper = helper;
        _applies = applies;
        Title = title;
        EquivalenceKey = equivalenceKey;
    }

    public string Title { get; }

    public string EquivalenceKey { get; }

    public CodeAction? CreateFix(FixContext fix) =>
        _applies(fix.Model.Compilation, fix.Root.SyntaxTree) && EncryptCallOf(fix.Root, fix.Diagnostic) is not null
            ? CodeAction.Create(Title, ct => ApplyAsync(fix.Document.Project.Solution, new[] { (fix.Document.Id, ImmutableArray.Create(fix.Diagnostic)) }, ct), EquivalenceKey)
            : null;

    public DocumentsFixAllProvider FixAllProvider() => new(Title, ApplyAsync);

    /// <summary>Rewrites the flagged Encrypt calls of each document and its Decrypt calls, and adds the helper once per project.</summary>
    private async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        var fixedProjects = new List<ProjectId>();
        foreach (var (documentId, diagnostics) in work)
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is not CompilationUnitSyntax unit || model is null ||
                !_applies(model.Compilation, root.SyntaxTree) || KmsSymbols.TryCreate(model.Compilation) is not { } symbols)
            {
                continue;
            }

            var calls = diagnostics.Select(d => EncryptCallOf(root, d)).OfType<InvocationExpressionSyntax>().ToList();
            calls.AddRange(DecryptCalls(root, model, symbols, cancellationToken));
            var rewritten = unit.ReplaceNodes(calls.Distinct(), (original, _) => ToHelperCall(original, MethodName(original)));
            solution = solution.WithDocumentSyntaxRoot(documentId, ProjectHelper.WithUsing(rewritten));
            fixedProjects.Add(documentId.ProjectId);
        }

        return await _helper.AddToAsync(solution, fixedProjects, _ => _helper.Source(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The async Encrypt call a KMS001 diagnostic names in its additional location.</summary>
    private static InvocationExpressionSyntax? EncryptCallOf(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.AdditionalLocations.Count > 0 &&
        root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax call &&
        MethodName(call) == "EncryptAsync" && call.Expression is MemberAccessExpressionSyntax
            ? call
            : null;

    private static IEnumerable<InvocationExpressionSyntax> DecryptCalls(SyntaxNode root, SemanticModel model, KmsSymbols symbols, CancellationToken cancellationToken) =>
        root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(call =>
            MethodName(call) == "DecryptAsync" && call.Expression is MemberAccessExpressionSyntax &&
            model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method &&
            symbols.OperationName(method) == "Decrypt" && method.Parameters.Length >= 1 && method.Parameters[0].Type.Name == "DecryptRequest");

    private static string MethodName(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : string.Empty;

    /// <summary><c>kms.EncryptAsync(request, ct)</c> becomes <c>Helper.EncryptAsync(kms, request, ct)</c>.</summary>
    private InvocationExpressionSyntax ToHelperCall(InvocationExpressionSyntax call, string methodName)
    {
        var member = (MemberAccessExpressionSyntax)call.Expression;
        var client = SyntaxFactory.Argument(member.Expression.WithoutTrivia());
        var target = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.IdentifierName(_helper.TypeName),
            SyntaxFactory.IdentifierName(methodName));
        var arguments = call.ArgumentList.Arguments;
        if (call.ArgumentList.OpenParenToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) && arguments.Count > 0)
        {
            // Arguments one per line: the client gets a line of its own, like them.
            var separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(call.ArgumentList.OpenParenToken.TrailingTrivia);
            arguments = SyntaxFactory.SeparatedList<ArgumentSyntax>(
                new SyntaxNodeOrToken[] { client.WithLeadingTrivia(arguments[0].GetLeadingTrivia()), separator }.Concat(arguments.GetWithSeparators()));
        }
        else
        {
            arguments = arguments.Insert(0, client);
        }

        return call
            .WithExpression(target.WithTriviaFrom(member))
            .WithArgumentList(call.ArgumentList.WithArguments(arguments));
    }
}
