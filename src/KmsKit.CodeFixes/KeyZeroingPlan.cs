using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KmsKit.Analyzers.Infrastructure;
using KmsKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes;

/// <summary>
/// Where KMS101's <c>try</c>/<c>finally</c> goes for one plaintext key and its copies, read from the same flow as the
/// rule: the statements of the block (or the expression body) that declare the response, the stream and its copies
/// come first; every later statement but the local functions that end the block goes in the <c>try</c>; the
/// <c>finally</c> zeroes each copy and the stream's buffer. A copy or a response used inline is first given a local, so
/// that <c>finally</c> can name it. Null when a use of the key comes before its last declaration, a buffer is declared
/// in another block, taking an inline value out of its statement could change the order in which the statement runs,
/// code left outside the <c>try</c> names a local function, label or local declared inside it, or an <c>#if</c> region
/// would straddle one of the <c>try</c>'s braces.
/// </summary>
internal sealed class KeyZeroingPlan
{
    private readonly List<SyntaxNode> _items;
    private readonly int _tryStart;
    private readonly int _tryEnd;
    private readonly List<StatementSyntax> _extracted;
    private readonly Dictionary<SyntaxNode, SyntaxNode> _replacements;
    private readonly Dictionary<SyntaxNode, PlaintextBuffer> _dropped;
    private readonly List<Zeroed> _zeroed;

    private KeyZeroingPlan(
        SyntaxNode body,
        List<SyntaxNode> items,
        int tryStart,
        int tryEnd,
        List<StatementSyntax> extracted,
        Dictionary<SyntaxNode, SyntaxNode> replacements,
        Dictionary<SyntaxNode, PlaintextBuffer> dropped,
        List<Zeroed> zeroed,
        int familyStart,
        bool returnsValue)
    {
        ReturnsValue = returnsValue;
        Body = body;
        _items = items;
        _tryStart = tryStart;
        _tryEnd = tryEnd;
        _extracted = extracted;
        _replacements = replacements;
        _dropped = dropped;
        _zeroed = zeroed;
        FamilyStart = familyStart;
    }

    /// <summary>The block, or the arrow clause of an expression-bodied member, that the rewrite replaces.</summary>
    public SyntaxNode Body { get; }

    /// <summary>Where the key's first buffer is: one plan per key, however many of its buffers were reported.</summary>
    public int FamilyStart { get; }

    /// <summary>The plan for the buffer reported at <paramref name="span"/>, or null when the fix does not apply.</summary>
    public static KeyZeroingPlan? For(SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (KmsSymbols.TryCreate(model.Compilation) is not { } symbols ||
            model.GetOperation(node, cancellationToken) is not { } operation)
        {
            return null;
        }

        var flow = PlaintextKeyFlow.Analyze(PlaintextKeySources.For(symbols), operation.Root());
        var target = flow.Buffers.FirstOrDefault(b => b.Location.SourceSpan == span);
        if (target is null || !PlaintextDataKeyNotZeroedAnalyzer.StaysInMethod(target))
        {
            return null;
        }

        // The buffers the rule reports; a stream already zeroed keeps its try, and only the copies get one.
        var family = flow.Buffers.Where(b => b.Family == target.Family).ToList();
        var zeroed = family.Where(b => b.OwnedHere && PlaintextDataKeyNotZeroedAnalyzer.StaysInMethod(b) && !PlaintextDataKeyNotZeroedAnalyzer.IsZeroedOnEveryPath(b, flow)).ToList();
        return new Builder(model, family, zeroed, cancellationToken).Build();
    }

    /// <summary>The span a KMS101 diagnostic has when reported on <paramref name="node"/>.</summary>
    public static TextSpan DiagnosticSpanOf(SyntaxNode node) =>
        node is VariableDeclaratorSyntax declarator ? declarator.Identifier.Span : node.Span;

    /// <summary><paramref name="root"/> with the body rewritten; an expression body becomes a block.</summary>
    public SyntaxNode Apply(SyntaxNode root, bool hasZeroMemory)
    {
        var block = Rewrite(hasZeroMemory);
        return Body switch
        {
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => root.ReplaceNode(method, method
                .WithExpressionBody(null).WithSemicolonToken(default)
                .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                .WithBody(block.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))),
            ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax function } => root.ReplaceNode(function, function
                .WithExpressionBody(null).WithSemicolonToken(default)
                .WithParameterList(function.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                .WithBody(block.WithTrailingTrivia(function.SemicolonToken.TrailingTrivia))),
            _ => root.ReplaceNode(Body, block),
        };
    }

    /// <summary>The new block: the declarations, then <c>try</c> { the rest } <c>finally</c> { the clears }.</summary>
    private BlockSyntax Rewrite(bool hasZeroMemory)
    {
        var before = _items.Take(_tryStart).Select(AsStatement).ToList();
        var after = _items.Skip(_tryEnd).Select(AsStatement);
        var inside = new List<StatementSyntax>();
        var pending = new List<SyntaxNode>();
        foreach (var item in _items.Skip(_tryStart).Take(_tryEnd - _tryStart))
        {
            if (_dropped.ContainsKey(item))
            {
                pending.Add(item);
                continue;
            }

            var statement = AsStatement(_replacements.TryGetValue(item, out var replaced) ? replaced : item);
            if (pending.Count > 0)
            {
                // A clear now made by finally: its comments stay with the next statement.
                statement = statement.WithLeadingTrivia(pending.SelectMany(TriviaOf).Concat(statement.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia))));
                pending.Clear();
            }

            inside.Add(statement);
        }

        // The clears that came last: their directives stay at the end of the guarded statements (before the try's
        // closing brace), else their comments go with the clear that replaces them in finally.
        var closing = SyntaxFactory.TriviaList(pending.SelectMany(TriviaOf));
        var keepInPlace = closing.Any(t => t.IsDirective || t.IsKind(SyntaxKind.DisabledTextTrivia));
        var clears = _zeroed.Select(z =>
        {
            var clear = z.Clear(hasZeroMemory);
            var replaced = keepInPlace ? new List<SyntaxNode>() : pending.Where(p => (_zeroed.FirstOrDefault(o => o.Buffer == _dropped[p]) ?? _zeroed[0]) == z).ToList();
            var comments = replaced.SelectMany(p => p.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia))).ToList();
            var trailing = replaced.SelectMany(p => TrailingComment(p)).ToList();
            clear = comments.Count > 0 ? clear.WithLeadingTrivia(comments) : clear;
            return trailing.Count > 0 ? clear.WithTrailingTrivia(trailing) : clear;
        }).ToArray();
        var statements = before.Concat(_extracted).ToList();
        if (inside.Count == 1 && inside[0] is TryStatementSyntax { Finally: { } existing } single && !keepInPlace)
        {
            // The rest is one try with a finally already: its finally zeroes the key too.
            statements.Add(single.WithFinally(existing.WithBlock(existing.Block.AddStatements(clears.Select(c => c.WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation)).ToArray()))));
            return Block(statements.Concat(after).ToList());
        }

        // Blank lines before the first guarded statement go before the try; its comments stay with it.
        var first = inside[0];
        var leading = first.GetLeadingTrivia();
        var firstComment = leading.IndexOf(leading.FirstOrDefault(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)));
        var blankLines = (firstComment < 0 ? leading : leading.Take(firstComment)).Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        inside[0] = first.WithLeadingTrivia(firstComment < 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(leading.Skip(firstComment)));

        var tryStatement = SyntaxFactory.TryStatement(
                keepInPlace ? SyntaxFactory.Block(inside).WithCloseBraceToken(SyntaxFactory.Token(closing, SyntaxKind.CloseBraceToken, default)) : SyntaxFactory.Block(inside),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(clears)))
            .WithLeadingTrivia(blankLines)
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);

        statements.Add(tryStatement);
        return Block(statements.Concat(after).ToList());
    }

    /// <summary>The comments and directives of a dropped clear: those before it, and a comment after it on its line.</summary>
    private static IEnumerable<SyntaxTrivia> TriviaOf(SyntaxNode clear) =>
        clear.GetLeadingTrivia().Concat(TrailingComment(clear).SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));

    /// <summary>The trailing trivia of <paramref name="clear"/> when it holds a comment, else none.</summary>
    private static SyntaxTriviaList TrailingComment(SyntaxNode clear) =>
        clear.GetTrailingTrivia().Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)) ? clear.GetTrailingTrivia() : default;

    private BlockSyntax Block(List<StatementSyntax> statements)
    {
        return Body is BlockSyntax block
            ? block.WithStatements(SyntaxFactory.List(statements))
            : SyntaxFactory.Block(statements).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
    }

    private StatementSyntax AsStatement(SyntaxNode item) => item switch
    {
        StatementSyntax statement => statement,
        ExpressionSyntax expression when ReturnsValue => SyntaxFactory.ReturnStatement(expression.WithoutLeadingTrivia()).WithLeadingTrivia(CommentsAfterArrow(expression)),
        ExpressionSyntax expression => SyntaxFactory.ExpressionStatement(expression.WithoutLeadingTrivia()).WithLeadingTrivia(CommentsAfterArrow(expression)),
        _ => throw new System.InvalidOperationException(),
    };

    /// <summary>An expression body's comments, on the line of the <c>=&gt;</c> and before the expression: they go before its statement.</summary>
    private IEnumerable<SyntaxTrivia> CommentsAfterArrow(ExpressionSyntax expression)
    {
        var arrow = ((ArrowExpressionClauseSyntax)Body).ArrowToken.TrailingTrivia;
        var onArrowLine = arrow.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            ? arrow.SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
            : Enumerable.Empty<SyntaxTrivia>();
        return onArrowLine.Concat(expression.GetLeadingTrivia());
    }

    /// <summary>For an expression body: whether it becomes <c>return expression;</c> rather than <c>expression;</c>.</summary>
    private bool ReturnsValue { get; }

    /// <summary>A buffer to zero in finally, by the name finally reads it through.</summary>
    private sealed class Zeroed
    {
        public Zeroed(PlaintextBuffer buffer, ExpressionSyntax name, bool isStream, string bufferName)
        {
            Buffer = buffer;
            Name = name;
            IsStream = isStream;
            BufferName = bufferName;
        }

        public PlaintextBuffer Buffer { get; }

        public ExpressionSyntax Name { get; }

        public bool IsStream { get; }

        public string BufferName { get; }

        /// <summary>
        /// <c>ZeroMemory(key)</c> for a copy; for the stream, its buffer when it exposes one (a stream made over a
        /// caller's array does not, and <c>GetBuffer()</c> would throw from finally). Without <c>CryptographicOperations</c>
        /// (.NET Framework), <c>Array.Clear</c>.
        /// </summary>
        public StatementSyntax Clear(bool hasZeroMemory)
        {
            if (!IsStream)
            {
                return ZeroStatement(hasZeroMemory, Name, Length(Name));
            }

            var segment = SyntaxFactory.IdentifierName(BufferName);
            var zero = hasZeroMemory
                ? ZeroStatement(true, segment, null)
                : SyntaxFactory.ExpressionStatement(Invoke("global::System.Array.Clear", Member(segment, "Array"), Member(segment, "Offset"), Member(segment, "Count")));
            var tryGetBuffer = Invoke(
                Member(Name, "TryGetBuffer"),
                SyntaxFactory.Argument(SyntaxFactory.DeclarationExpression(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(BufferName))))
                    .WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.OutKeyword)));
            return SyntaxFactory.IfStatement(tryGetBuffer, SyntaxFactory.Block(zero));
        }

        private static StatementSyntax ZeroStatement(bool hasZeroMemory, ExpressionSyntax buffer, ExpressionSyntax? length) =>
            SyntaxFactory.ExpressionStatement(hasZeroMemory
                ? Invoke("global::System.Security.Cryptography.CryptographicOperations.ZeroMemory", buffer)
                : Invoke("global::System.Array.Clear", buffer, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)), length!));

        private static ExpressionSyntax Length(ExpressionSyntax array) => Member(array, "Length");

        private static ExpressionSyntax Member(ExpressionSyntax expression, string name) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), SyntaxFactory.IdentifierName(name));

        private static InvocationExpressionSyntax Invoke(string method, params ExpressionSyntax[] arguments) =>
            Invoke(SyntaxFactory.ParseExpression(method).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation), arguments.Select(a => SyntaxFactory.Argument(a)).ToArray());

        private static InvocationExpressionSyntax Invoke(ExpressionSyntax method, params ArgumentSyntax[] arguments) =>
            SyntaxFactory.InvocationExpression(method, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
    }

    /// <summary>Reads the family's buffers and uses into a plan.</summary>
    private sealed class Builder
    {
        private readonly SemanticModel _model;
        private readonly List<PlaintextBuffer> _family;
        private readonly List<PlaintextBuffer> _zeroed;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<string> _takenNames = new();
        private SyntaxNode? _body;
        private List<SyntaxNode>? _items;

        public Builder(SemanticModel model, List<PlaintextBuffer> family, List<PlaintextBuffer> zeroed, CancellationToken cancellationToken)
        {
            _model = model;
            _zeroed = zeroed;
            // A stream to zero needs its copies' uses guarded too; copies alone need only theirs.
            _family = zeroed.Any(b => !b.IsCopy) ? family : zeroed;
            _cancellationToken = cancellationToken;
        }

        public KeyZeroingPlan? Build()
        {
            var zeroed = _zeroed;
            if (zeroed.Count == 0)
            {
                return null;
            }

            var firstSource = _family.Min(b => b.Source.Syntax.SpanStart);
            if (!Locate(_family[0].Source.Syntax))
            {
                return null;
            }

            var member = _body!.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? _body.Parent!;
            if (_body is ArrowExpressionClauseSyntax)
            {
                member = _body.Parent!;
            }

            _takenNames.UnionWith(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            _takenNames.UnionWith(_model.LookupSymbols(_body.SpanStart).Select(s => s.Name));

            // Declarations: the statements (index) that declare a buffer's local; extracted values (statement index, expression).
            var declarations = new HashSet<int>();
            var extractions = new List<(int Item, ExpressionSyntax Value, string Name, bool IsResponse)>();
            var names = new List<Zeroed>();
            foreach (var buffer in _family)
            {
                foreach (var alias in buffer.Uses.Where(u => u.Kind == PlaintextUseKind.Alias))
                {
                    if (DeclarationItem(alias.Site.Syntax) is not { } index)
                    {
                        return null;
                    }

                    declarations.Add(index);
                }

                if (buffer.IsCopy)
                {
                    var copy = (ExpressionSyntax)buffer.Source.Syntax;
                    if (buffer.AliasLocal is not null && DeclarationItem(copy) is { } declared)
                    {
                        declarations.Add(declared);
                        if (zeroed.Contains(buffer))
                        {
                            names.Add(new Zeroed(buffer, SyntaxFactory.IdentifierName(buffer.AliasLocal.Name), false, string.Empty));
                        }
                    }
                    else if (buffer.AliasLocal is null && zeroed.Contains(buffer) && ItemOf(copy) is { } item && CanExtract(copy, _items![item]))
                    {
                        var name = FreshName(buffer.Origin == PlaintextOrigin.DataKeyPair ? "privateKey" : "key");
                        extractions.Add((item, copy, name, false));
                        names.Add(new Zeroed(buffer, SyntaxFactory.IdentifierName(name), false, string.Empty));
                    }
                    else
                    {
                        return null;
                    }

                    continue;
                }

                // The stream: through the response local, or the inline call's response given a local.
                var property = (IPropertyReferenceOperation)buffer.Source;
                if (!zeroed.Contains(buffer))
                {
                    if (property.Instance?.Unwrap() is ILocalReferenceOperation { Local: var owner } && DeclarationItem(owner) is { } ownerItem)
                    {
                        declarations.Add(ownerItem);
                    }

                    continue;
                }

                ExpressionSyntax? response = null;
                switch (property.Instance?.Unwrap())
                {
                    case ILocalReferenceOperation local when DeclarationItem(local.Local) is { } index:
                        declarations.Add(index);
                        response = SyntaxFactory.IdentifierName(local.Local.Name);
                        break;
                    case IInvocationOperation call when ResponseOf(call) is ExpressionSyntax result &&
                                                        ItemOf(result) is { } item && CanExtract(result, _items![item]):
                        var name = FreshName(buffer.Origin switch { PlaintextOrigin.DataKeyPair => "keyPair", PlaintextOrigin.Decrypt => "decrypted", _ => "dataKey" });
                        extractions.Add((item, result, name, true));
                        response = SyntaxFactory.IdentifierName(name);
                        break;
                    default:
                        return null;
                }

                var stream = buffer.AliasLocal is { } streamLocal
                    ? (ExpressionSyntax)SyntaxFactory.IdentifierName(streamLocal.Name)
                    : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, response, SyntaxFactory.IdentifierName(property.Property.Name));
                names.Add(new Zeroed(buffer, stream, true, FreshName("buffer")));
            }

            var tryStart = System.Math.Max(
                declarations.Count == 0 ? 0 : declarations.Max() + 1,
                extractions.Count == 0 ? 0 : extractions.Max(e => e.Item));

            // Local functions that end the block stay after the try, in scope of the code before it; they go in the try
            // (as everything else) when they read the key or a local the try declares.
            var trailing = _items!.Count;
            while (trailing > tryStart && _items[trailing - 1] is LocalFunctionStatementSyntax)
            {
                trailing--;
            }

            bool Fits(int end) =>
                tryStart < end &&
                !_family.SelectMany(b => b.Uses).Any(u => ItemOf(u.Site.Syntax) >= end) &&
                !SeesIntoTry(_items.Take(tryStart).Concat(_items.Skip(end)).Concat(extractions.Select(e => e.Value)), tryStart, end) &&
                ConditionalsBalance(_items.Skip(tryStart).Take(end - tryStart));

            var tryEnd = Fits(trailing) ? trailing : Fits(_items.Count) ? _items.Count : -1;
            if (extractions.Any(e => e.Item != tryStart) || tryEnd < 0)
            {
                return null;
            }

            // Every other use of the key must come after its last declaration, inside the try.
            var dropped = new Dictionary<SyntaxNode, PlaintextBuffer>();
            foreach (var (buffer, use) in _family.SelectMany(b => b.Uses.Select(u => (b, u))))
            {
                var item = ItemOf(use.Site.Syntax);
                if (item is null)
                {
                    return null;
                }

                if (declarations.Contains(item.Value))
                {
                    continue;
                }

                if (item < tryStart || ReadAfterFinally(use.Site.Syntax, member))
                {
                    return null;
                }

                if (use.Kind == PlaintextUseKind.Clear && IsClearStatement(_items[item.Value], use.Site))
                {
                    dropped[_items[item.Value]] = buffer;
                }
            }

            var (extracted, replacements) = Extract(extractions, tryStart);
            if (dropped.Count == tryEnd - tryStart)
            {
                return null;
            }

            // Copies first, then the stream they were made from.
            var ordered = names.Where(n => !n.IsStream).Concat(names.Where(n => n.IsStream)).ToList();
            return new KeyZeroingPlan(_body, _items, tryStart, tryEnd, extracted, replacements, dropped, ordered, firstSource, _body is ArrowExpressionClauseSyntax && ReturnsValueFrom(member));
        }

        /// <summary>
        /// True when code that stays outside the try names something the try would hide from it, declared among the
        /// items from <paramref name="tryStart"/> to <paramref name="tryEnd"/>: a local function called before the try, a
        /// label that a <c>goto</c> before it jumps to (a <c>goto</c> cannot enter a try), a local that a local function
        /// after it reads.
        /// </summary>
        private bool SeesIntoTry(IEnumerable<SyntaxNode> outside, int tryStart, int tryEnd)
        {
            var guarded = TextSpan.FromBounds(_items![tryStart].SpanStart, _items[tryEnd - 1].Span.End);
            return outside.SelectMany(n => n.DescendantNodesAndSelf()).OfType<IdentifierNameSyntax>().Any(name =>
                _model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol &&
                symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == name.SyntaxTree && guarded.Contains(r.Span)));
        }

        /// <summary>
        /// True when each <c>#if</c> among <paramref name="guarded"/> closes among them too, and none closes one opened
        /// before: the try's braces would otherwise fall on one side of a region only.
        /// </summary>
        private static bool ConditionalsBalance(IEnumerable<SyntaxNode> guarded)
        {
            var depth = 0;
            foreach (var trivia in guarded.SelectMany(n => n.DescendantTrivia()))
            {
                switch (trivia.Kind())
                {
                    case SyntaxKind.IfDirectiveTrivia:
                        depth++;
                        break;
                    case SyntaxKind.ElifDirectiveTrivia or SyntaxKind.ElseDirectiveTrivia when depth == 0:
                        return false;
                    case SyntaxKind.EndIfDirectiveTrivia when depth-- == 0:
                        return false;
                }
            }

            return depth == 0;
        }

        /// <summary>
        /// A use inside what a method that is not async returns as a task (<c>return MacAsync(key, data);</c>): that
        /// task may read the key after <c>finally</c> has zeroed it.
        /// </summary>
        private bool ReadAfterFinally(SyntaxNode site, SyntaxNode member)
        {
            if (_model.GetDeclaredSymbol(member, _cancellationToken) is not IMethodSymbol { IsAsync: false })
            {
                return false;
            }

            var returned = site.AncestorsAndSelf().TakeWhile(n => n != _body).LastOrDefault(n => n.Parent is ReturnStatementSyntax || n.Parent == _body && _body is ArrowExpressionClauseSyntax);
            return returned is ExpressionSyntax value && _model.GetTypeInfo(value, _cancellationToken).Type is INamedTypeSymbol type &&
                type.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => m.Parameters.IsEmpty);
        }

        /// <summary>The new locals, and the statement that used the values inline, rewritten to use them.</summary>
        private (List<StatementSyntax>, Dictionary<SyntaxNode, SyntaxNode>) Extract(List<(int Item, ExpressionSyntax Value, string Name, bool IsResponse)> extractions, int item)
        {
            var declarations = new List<StatementSyntax>();
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            if (extractions.Count == 0)
            {
                return (declarations, replacements);
            }

            var rewrittenValues = new Dictionary<ExpressionSyntax, ExpressionSyntax>();
            var byValue = extractions.ToDictionary(e => (SyntaxNode)e.Value);
            var statement = _items![item].ReplaceNodes(byValue.Keys, (original, rewritten) =>
            {
                rewrittenValues[(ExpressionSyntax)original] = (ExpressionSyntax)rewritten;
                return SyntaxFactory.IdentifierName(byValue[original].Name).WithTriviaFrom(original);
            });
            replacements[_items[item]] = statement;

            // The response first: the copy's value reads it.
            foreach (var extraction in extractions.OrderBy(e => e.IsResponse ? 0 : 1))
            {
                var value = rewrittenValues[extraction.Value].WithoutTrivia();
                while (value is ParenthesizedExpressionSyntax parenthesized)
                {
                    value = parenthesized.Expression;
                }

                declarations.Add(SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"))
                            .AddVariables(SyntaxFactory.VariableDeclarator(extraction.Name).WithInitializer(SyntaxFactory.EqualsValueClause(value))))
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));
            }

            return (declarations, replacements);
        }

        /// <summary>
        /// The expression that is <paramref name="call"/>'s response: through <c>await</c>, <c>ConfigureAwait</c> and the
        /// blocking waits (<c>.Result</c>, <c>.GetAwaiter().GetResult()</c>), with its parentheses.
        /// </summary>
        private static SyntaxNode ResponseOf(IOperation call)
        {
            var result = call.ResultOf().Syntax;
            while (result.Parent is ParenthesizedExpressionSyntax)
            {
                result = result.Parent;
            }

            return result;
        }

        /// <summary>Finds the block (or expression body) holding <paramref name="node"/>, and its items.</summary>
        private bool Locate(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case StatementSyntax { Parent: BlockSyntax block }:
                        _body = OutermostBlockOfFamily(block);
                        _items = ((BlockSyntax)_body).Statements.Cast<SyntaxNode>().ToList();
                        return true;
                    case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow:
                        _body = arrow;
                        _items = new List<SyntaxNode> { arrow.Expression };
                        return true;
                    case AnonymousFunctionExpressionSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The block that holds the declaration of every buffer's local (the response's may be outside the copy's block).</summary>
        private BlockSyntax OutermostBlockOfFamily(BlockSyntax block)
        {
            foreach (var buffer in _family)
            {
                var local = buffer.AliasLocal ?? (buffer.Source as IPropertyReferenceOperation)?.Instance?.Unwrap() switch
                {
                    ILocalReferenceOperation reference => reference.Local,
                    _ => null,
                };
                if (local?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is { } declarator &&
                    declarator.FirstAncestorOrSelf<StatementSyntax>()?.Parent is BlockSyntax outer &&
                    outer.Span.Contains(block.Span))
                {
                    block = outer;
                }
            }

            return block;
        }

        /// <summary>The index of the item of the body that contains <paramref name="node"/>.</summary>
        private int? ItemOf(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                var index = _items!.IndexOf(current);
                if (index >= 0)
                {
                    return index;
                }
            }

            return null;
        }

        /// <summary>The index of the statement <c>var name = value;</c> of the body that declares with <paramref name="value"/>.</summary>
        private int? DeclarationItem(SyntaxNode value)
        {
            while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                value = value.Parent;
            }

            return value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } }
                ? _items!.IndexOf(statement) is >= 0 and var index ? index : null
                : null;
        }

        private int? DeclarationItem(ILocalSymbol local) =>
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } &&
            _items!.IndexOf(statement) is >= 0 and var index
                ? index
                : null;

        /// <summary>
        /// True when <paramref name="value"/> can run before its statement: the statement runs it unconditionally, once,
        /// and nothing with an effect comes before it.
        /// </summary>
        private static bool CanExtract(ExpressionSyntax value, SyntaxNode item)
        {
            if (item is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax or ExpressionSyntax))
            {
                return false;
            }

            for (var current = value.Parent; current is not null && current != item; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax or QueryExpressionSyntax ||
                    current is BinaryExpressionSyntax binary && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression)
                {
                    return false;
                }
            }

            return !item.DescendantNodes(n => n.SpanStart < value.SpanStart).Any(n =>
                n.Span.End <= value.SpanStart &&
                n is InvocationExpressionSyntax or AwaitExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax ||
                n is PrefixUnaryExpressionSyntax prefix && n.Span.End <= value.SpanStart && prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression);
        }

        /// <summary>True for a statement that only clears: <c>CryptographicOperations.ZeroMemory(key);</c>.</summary>
        private static bool IsClearStatement(SyntaxNode item, IOperation site) =>
            item is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } &&
            (site.Parent?.Syntax == call || site.Parent is IArgumentOperation { Parent: { } invocation } && invocation.Syntax == call);

        private bool ReturnsValueFrom(SyntaxNode member)
        {
            var symbol = _model.GetDeclaredSymbol(member, _cancellationToken) switch
            {
                IMethodSymbol method => method,
                IPropertySymbol property => property.GetMethod,
                _ => null,
            };
            if (symbol is null || symbol.ReturnsVoid)
            {
                return false;
            }

            // async Task and async ValueTask return nothing.
            return !(symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        }

        private string FreshName(string name)
        {
            var candidate = name;
            for (var i = 2; !_takenNames.Add(candidate); i++)
            {
                candidate = name + i;
            }

            return candidate;
        }
    }
}
