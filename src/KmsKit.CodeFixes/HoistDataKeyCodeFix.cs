using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS201 on GenerateDataKey in a loop: the data key comes from a <c>DataKeyBatch</c> made before the loop with the same
/// client and request (<c>using var dataKeys = new DataKeyBatch(kms, request);</c>), which asks KMS once per
/// <c>MaxUsesPerDataKey</c> items; the call becomes <c>await dataKeys.NextAsync(ct)</c> (or <c>dataKeys.Next()</c>).
/// Offered where hoisting keeps the program's meaning: the call is awaited at once in the body of a loop statement
/// (not a lambda, which may run in parallel) with no label in the loop's block (a goto could cross the new using
/// declaration), and the client and request are the same on every pass: made only of literals, new objects, and
/// read-only fields and locals that the loop neither assigns nor otherwise uses. When the project
/// references KmsKit.Runtime, the helper takes its keys from the runtime's caching materials manager (max age and max
/// messages per data key), which serves 256-bit keys: the fix is then offered for requests that ask for AES_256.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoistDataKeyCodeFix))]
[Shared]
public sealed class HoistDataKeyCodeFix : KmsCodeFixProvider
{
    internal static readonly ProjectHelper Helper = new("DataKeyBatch", "DataKeyBatch.cs.template");

    /// <summary>The same helper over KmsKit.Runtime's caching materials manager, for projects that reference the runtime.</summary>
    internal static readonly ProjectHelper CachedHelper = new("DataKeyBatch", "CachedDataKeyBatch.cs.template");

    private const string Title = "Generate one data key per batch of items (DataKeyBatch)";
    private const string BatchName = "dataKeys";

    // The helper's sync method, kept for SDKs that have sync calls (.NET Framework), and the lines that mark it.
    private static readonly Regex SyncMethod = new(@"^ *// sync:begin\r?\n.*?^ *// sync:end\r?\n", RegexOptions.Singleline | RegexOptions.Multiline);
    private static readonly Regex SyncMarkers = new(@"^ *// sync:(begin|end)\r?\n", RegexOptions.Multiline);

    public HoistDataKeyCodeFix()
        : base(DiagnosticDescriptors.KmsCallPerItem)
    {
    }

    public override FixAllProvider GetFixAllProvider() => new DocumentsFixAllProvider(Title, ApplyAsync);

    private protected override CodeAction? CreateFix(FixContext fix) =>
        KmsSymbols.TryCreate(fix.Model.Compilation) is { } symbols && Plan(fix.Node, fix.Model, symbols, fix.CancellationToken) is not null
            ? CodeAction.Create(Title, ct => ApplyAsync(fix.Document.Project.Solution, new[] { (fix.Document.Id, ImmutableArray.Create(fix.Diagnostic)) }, ct), nameof(HoistDataKeyCodeFix))
            : null;

    private static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        var fixedProjects = new List<ProjectId>();
        foreach (var (documentId, diagnostics) in work)
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit || model is null || KmsSymbols.TryCreate(model.Compilation) is not { } symbols)
            {
                continue;
            }

            var plans = diagnostics
                .Select(d => Plan(root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true), model, symbols, cancellationToken))
                .OfType<Hoist>()
                .GroupBy(p => p.Call)
                .Select(g => g.First())
                .OrderBy(p => p.Call.SpanStart)
                .ToList();
            if (plans.Count == 0)
            {
                continue;
            }

            NameBatches(plans, model);
            solution = solution.WithDocumentSyntaxRoot(documentId, ProjectHelper.WithUsing(Rewrite(unit, plans)));
            fixedProjects.Add(documentId.ProjectId);
        }

        return await Helper.AddToAsync(solution, fixedProjects, HelperSource, cancellationToken).ConfigureAwait(false);
    }

    private static string HelperSource(Compilation compilation) =>
        RuntimeReference.IsReferenced(compilation) ? CachedHelper.Source() : PlainHelperSource(HasSyncCalls(compilation));

    /// <summary>The helper without the runtime, with its sync method when <paramref name="sync"/>.</summary>
    internal static string PlainHelperSource(bool sync) => (sync ? SyncMarkers : SyncMethod).Replace(Helper.Source(), string.Empty);

    private static bool HasSyncCalls(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Amazon.KeyManagementService.IAmazonKeyManagementService")?.GetMembers("GenerateDataKey").Length > 0;

    /// <summary>The hoisting of the GenerateDataKey call at <paramref name="node"/>, or null when it would not keep the program's meaning.</summary>
    private static Hoist? Plan(SyntaxNode node, SemanticModel model, KmsSymbols symbols, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call ||
            model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method ||
            symbols.OperationName(method) != "GenerateDataKey" ||
            call.ArgumentList.Arguments.Count is < 1 or > 2 ||
            call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)) ||
            !ProjectHelper.Supports(call.SyntaxTree))
        {
            return null;
        }

        var isAsync = method.Name == "GenerateDataKeyAsync";
        if (isAsync ? !IsAwaitedAtOnce(call) : method.Name != "GenerateDataKey" || call.ArgumentList.Arguments.Count != 1)
        {
            return null;
        }

        // A goto to a label of that block could jump over the new using declaration (CS8648, CS8649).
        if (LoopOf(call) is not { Parent: BlockSyntax block } loop || block.Statements.Any(s => s is LabeledStatementSyntax))
        {
            return null;
        }

        // The client and the cancellation token may be used elsewhere in the loop; the request must not be (see below).
        var request = call.ArgumentList.Arguments[0].Expression;
        var hoisted = new[] { member.Expression }.Concat(call.ArgumentList.Arguments.Select(a => a.Expression)).ToArray();
        var writtenInLoop = model.AnalyzeDataFlow(loop) is { Succeeded: true } flow ? flow.WrittenInside : default;
        if (writtenInLoop.IsDefault ||
            !hoisted.All(e => IsSameOnEveryPass(e, call, loop, writtenInLoop, allowOtherUses: e != request, model, cancellationToken)))
        {
            return null;
        }

        if (RuntimeReference.IsReferenced(model.Compilation) && !AsksFor256BitKey(RequestSyntax.CreationOf(request, model, cancellationToken)))
        {
            return null;
        }

        return new Hoist(call, loop, member.Expression, request, isAsync);
    }

    /// <summary>
    /// The runtime's cache serves 256-bit data keys wrapped by the key named, for the recipient-less request only:
    /// <c>KeySpec = DataKeySpec.AES_256</c> or <c>NumberOfBytes = 32</c>, and no <c>Recipient</c>.
    /// </summary>
    private static bool AsksFor256BitKey(BaseObjectCreationExpressionSyntax? request) =>
        request is not null && RequestSyntax.MemberOf(request, "Recipient") is null &&
        (RequestSyntax.MemberOf(request, "KeySpec")?.Right is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AES_256" } ||
         RequestSyntax.MemberOf(request, "NumberOfBytes")?.Right is LiteralExpressionSyntax { Token.Value: 32 });

    /// <summary><c>await call</c> or <c>await call.ConfigureAwait(...)</c>: one call finishes before the next starts.</summary>
    private static bool IsAwaitedAtOnce(InvocationExpressionSyntax call)
    {
        var result = RequestSyntax.ResultOf(call);
        return call.Ancestors().TakeWhile(a => a != result.Parent).Any(a => a is AwaitExpressionSyntax);
    }

    /// <summary>The loop statement whose body holds the call, unless a lambda or local function comes first.</summary>
    private static StatementSyntax? LoopOf(SyntaxNode call)
    {
        for (var node = call.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
                case CommonForEachStatementSyntax loop when loop.Statement.Span.Contains(call.Span):
                    return loop;
                case ForStatementSyntax loop when loop.Statement.Span.Contains(call.Span):
                    return loop;
                case WhileStatementSyntax loop when loop.Statement.Span.Contains(call.Span):
                    return loop;
                case DoStatementSyntax loop when loop.Statement.Span.Contains(call.Span):
                    return loop;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="expression"/> has the same value on every pass of the loop and evaluating it once
    /// changes nothing: literals, <c>new</c> objects with initializers, constants, read-only fields and locals or
    /// parameters the loop does not assign. Unless <paramref name="allowOtherUses"/>, a local or read-only field the loop
    /// uses elsewhere is refused too: the loop might change the object it holds (a request or context changed per item).
    /// </summary>
    private static bool IsSameOnEveryPass(ExpressionSyntax expression, SyntaxNode call, StatementSyntax loop, ImmutableArray<ISymbol> writtenInLoop, bool allowOtherUses, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case InvocationExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
                    or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax:
                    return false;
                case AssignmentExpressionSyntax assignment when assignment.Parent is not InitializerExpressionSyntax:
                    return false;
                case IdentifierNameSyntax identifier when !IsSameOnEveryPass(identifier, call, loop, writtenInLoop, allowOtherUses, model, cancellationToken):
                    return false;
            }
        }

        return true;
    }

    private static bool IsSameOnEveryPass(IdentifierNameSyntax identifier, SyntaxNode call, StatementSyntax loop, ImmutableArray<ISymbol> writtenInLoop, bool allowOtherUses, SemanticModel model, CancellationToken cancellationToken)
    {
        // The member names of an object initializer name what is set, not a value read.
        if (identifier.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment && assignment.Left == identifier)
        {
            return true;
        }

        var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
        switch (symbol)
        {
            case ITypeSymbol or INamespaceSymbol:
                return true;
            case IFieldSymbol field:
                // A read-only field still holds an object the loop may change (a context set per item).
                return field.IsConst || (field.IsReadOnly && (allowOtherUses || !UsedElsewhereInLoop(field, call, loop, model, cancellationToken)));
            case IPropertySymbol { IsStatic: true, ContainingType: { Name: "CancellationToken", ContainingNamespace: var ns } } when ns.ToDisplayString() == "System.Threading":
                return true;
            case ILocalSymbol or IParameterSymbol:
                var declaredInLoop = symbol.DeclaringSyntaxReferences.Any(r => loop.Span.Contains(r.Span));
                return !declaredInLoop && !writtenInLoop.Contains(symbol, SymbolEqualityComparer.Default) &&
                    (allowOtherUses || !UsedElsewhereInLoop(symbol, call, loop, model, cancellationToken));
            default:
                return false;
        }
    }

    private static bool UsedElsewhereInLoop(ISymbol symbol, SyntaxNode call, StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken) =>
        loop.DescendantNodes().OfType<IdentifierNameSyntax>().Any(other =>
            !call.Span.Contains(other.Span) &&
            other.Identifier.ValueText == symbol.Name &&
            SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(other, cancellationToken).Symbol, symbol));

    /// <summary>Names each batch local <c>dataKeys</c>, <c>dataKeys2</c>, ...: free in its member, whose locals it must not clash with.</summary>
    private static void NameBatches(List<Hoist> plans, SemanticModel model)
    {
        var taken = new HashSet<string>();
        foreach (var plan in plans)
        {
            plan.Name = LocalNames.Free(model, plan.Loop.SpanStart, BatchName, taken, plan.Loop.FirstAncestorOrSelf<MemberDeclarationSyntax>());
            taken.Add(plan.Name);
        }
    }

    private static CompilationUnitSyntax Rewrite(CompilationUnitSyntax unit, List<Hoist> plans)
    {
        var byCall = plans.ToDictionary(p => (SyntaxNode)p.Call);
        var byBlock = plans.GroupBy(p => (BlockSyntax)p.Loop.Parent!).ToDictionary(g => (SyntaxNode)g.Key, g => g.ToList());
        return unit.ReplaceNodes(byCall.Keys.Concat(byBlock.Keys), (original, rewritten) =>
            byCall.TryGetValue(original, out var plan)
                ? NextCall(plan, (InvocationExpressionSyntax)rewritten)
                : WithBatches((BlockSyntax)original, (BlockSyntax)rewritten, byBlock[original]));
    }

    /// <summary><c>kms.GenerateDataKeyAsync(request, ct)</c> becomes <c>dataKeys.NextAsync(ct)</c>; the sync call, <c>dataKeys.Next()</c>.</summary>
    private static InvocationExpressionSyntax NextCall(Hoist plan, InvocationExpressionSyntax call)
    {
        var member = (MemberAccessExpressionSyntax)call.Expression;
        var next = member
            .WithExpression(SyntaxFactory.IdentifierName(plan.Name).WithTriviaFrom(member.Expression))
            .WithName(SyntaxFactory.IdentifierName(plan.IsAsync ? "NextAsync" : "Next").WithTriviaFrom(member.Name));
        // The arguments left (a cancellation token) follow the parenthesis on its line.
        var arguments = call.ArgumentList.Arguments.RemoveAt(0);
        arguments = arguments.Count == 0 ? arguments : arguments.Replace(arguments[0], arguments[0].WithoutLeadingTrivia());
        return call.WithExpression(next).WithArgumentList(call.ArgumentList
            .WithOpenParenToken(call.ArgumentList.OpenParenToken.WithTrailingTrivia())
            .WithArguments(arguments));
    }

    /// <summary>The block with <c>using var dataKeys = new DataKeyBatch(kms, request);</c> before each loop that gets one.</summary>
    private static BlockSyntax WithBatches(BlockSyntax original, BlockSyntax rewritten, List<Hoist> plans)
    {
        var statements = rewritten.Statements;
        foreach (var group in plans.GroupBy(p => original.Statements.IndexOf(p.Loop)).OrderByDescending(g => g.Key))
        {
            var loop = statements[group.Key];
            var leading = loop.GetLeadingTrivia();
            // Blank lines and indentation go before the batches; a comment stays with its loop.
            var firstComment = leading.IndexOf(leading.FirstOrDefault(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)));
            var indentation = SyntaxFactory.TriviaList(leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
            var before = firstComment < 0 ? leading : SyntaxFactory.TriviaList(leading.Take(firstComment));
            var endOfLine = original.Statements[group.Key].GetFirstToken().GetPreviousToken().TrailingTrivia.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var declarations = group.Select((plan, i) => Declaration(plan)
                .WithLeadingTrivia(i == 0 ? before : indentation)
                .WithTrailingTrivia(endOfLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : endOfLine));
            statements = statements
                .Replace(loop, loop.WithLeadingTrivia(firstComment < 0 ? indentation : indentation.AddRange(leading.Skip(firstComment))))
                .InsertRange(group.Key, declarations);
        }

        return rewritten.WithStatements(statements);
    }

    /// <summary>The batch's declaration; the request keeps its layout, which the formatter indents for its new place.</summary>
    private static StatementSyntax Declaration(Hoist plan) =>
        SyntaxFactory.ParseStatement($"using var {plan.Name} = new {Helper.TypeName}({plan.Client.WithoutTrivia()}, {plan.Request.WithoutTrivia()});")
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>One GenerateDataKey call to hoist before its loop, and the name of its batch.</summary>
    private sealed class Hoist
    {
        public Hoist(InvocationExpressionSyntax call, StatementSyntax loop, ExpressionSyntax client, ExpressionSyntax request, bool isAsync)
        {
            Call = call;
            Loop = loop;
            Client = client;
            Request = request;
            IsAsync = isAsync;
        }

        public InvocationExpressionSyntax Call { get; }

        public StatementSyntax Loop { get; }

        public ExpressionSyntax Client { get; }

        public ExpressionSyntax Request { get; }

        public bool IsAsync { get; }

        public string Name { get; set; } = BatchName;
    }
}
