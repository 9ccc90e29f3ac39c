using System.Collections.Generic;
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

/// <summary>
/// KMS106: the <c>Encrypt</c> of a <c>Decrypt</c>'s plaintext becomes one <c>ReEncrypt</c>: the Encrypt request becomes a
/// <c>ReEncryptRequest</c> in place (<c>KeyId</c>, <c>EncryptionContext</c>, <c>EncryptionAlgorithm</c> become the
/// <c>Destination</c> ones), the Decrypt request's members take the place of <c>Plaintext</c> (<c>CiphertextBlob</c>, and
/// <c>KeyId</c>, <c>EncryptionContext</c>, <c>EncryptionAlgorithm</c> as the <c>Source</c> ones), and the statements that
/// only carried the plaintext go. Offered when the plaintext has no other use, both requests are written with
/// initializers and hold only members ReEncrypt has, the Decrypt request's values can be read later (no call in them, no
/// mention of what they read in between), and the Encrypt response is read only for what ReEncrypt's response has.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseReEncryptCodeFix))]
[Shared]
public sealed class UseReEncryptCodeFix : KmsCodeFixProvider
{
    private static readonly Dictionary<string, string> EncryptMembers = new()
    {
        ["KeyId"] = "DestinationKeyId",
        ["EncryptionContext"] = "DestinationEncryptionContext",
        ["EncryptionAlgorithm"] = "DestinationEncryptionAlgorithm",
        ["GrantTokens"] = "GrantTokens",
        ["DryRun"] = "DryRun",
        ["Plaintext"] = "Plaintext",
    };

    private static readonly Dictionary<string, string> DecryptMembers = new()
    {
        ["CiphertextBlob"] = "CiphertextBlob",
        ["KeyId"] = "SourceKeyId",
        ["EncryptionContext"] = "SourceEncryptionContext",
        ["EncryptionAlgorithm"] = "SourceEncryptionAlgorithm",
        ["GrantTokens"] = "GrantTokens",
        ["DryRun"] = "DryRun",
    };

    /// <summary>What an <c>EncryptResponse</c> and a <c>ReEncryptResponse</c> both have.</summary>
    private static readonly HashSet<string> SharedResponseMembers = new() { "CiphertextBlob", "KeyId", "ContentLength", "HttpStatusCode", "ResponseMetadata" };

    public UseReEncryptCodeFix()
        : base(DiagnosticDescriptors.ClientSideReEncryption)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        var finder = new Finder(fix.Model, fix.CancellationToken);
        return fix.Node is ExpressionSyntax plaintext && finder.Find(plaintext) is { } rewrite
            ? fix.Action("Use ReEncrypt", nameof(UseReEncryptCodeFix), () => rewrite(fix.Root))
            : null;
    }

    /// <summary>Follows the plaintext back to its Decrypt and forward to the Encrypt call and its response.</summary>
    private sealed class Finder
    {
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;
        private readonly List<StatementSyntax> _removed = new();
        private SyntaxNode? _body;

        public Finder(SemanticModel model, CancellationToken cancellationToken)
        {
            _model = model;
            _cancellationToken = cancellationToken;
        }

        public System.Func<SyntaxNode, SyntaxNode>? Find(ExpressionSyntax plaintext)
        {
            _body = plaintext.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (plaintext.Parent is not AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax encryptRequest } } plaintextMember ||
                EncryptCall(encryptRequest) is not { Expression: MemberAccessExpressionSyntax encryptMethod } encryptCall ||
                DecryptCall(plaintext) is not { } decryptCall ||
                RequestOf(decryptCall) is not { Initializer: { } decryptInitializer } decryptRequest ||
                !Members(encryptRequest.Initializer!, EncryptMembers, out var encryptNames) ||
                !Members(decryptInitializer, DecryptMembers, out var decryptNames) ||
                encryptNames.Intersect(decryptNames).Any(n => n is "GrantTokens" or "DryRun") ||
                !CanReadLater(decryptInitializer, decryptCall, encryptCall, encryptRequest, plaintextMember) ||
                ResponseTypeToRename(encryptCall) is not { } responseType ||
                _removed.Append<SyntaxNode>(decryptRequest).Any(HasDirectiveWithin))
            {
                return null;
            }

            var reEncryptRequest = ReEncryptRequest(encryptRequest, plaintextMember, decryptInitializer);
            var methodName = SyntaxFactory.IdentifierName("Re" + encryptMethod.Name.Identifier.ValueText).WithTriviaFrom(encryptMethod.Name);
            var removed = _removed.OrderBy(s => s.SpanStart).ToList();
            return root =>
            {
                var replacements = new Dictionary<SyntaxNode, SyntaxNode>
                {
                    [encryptRequest] = reEncryptRequest,
                    [encryptMethod.Name] = methodName,
                };
                if (responseType.Type is { } written)
                {
                    replacements[written] = SyntaxFactory.IdentifierName("ReEncryptResponse").WithTriviaFrom(written);
                }

                var tracked = root.TrackNodes(removed.Concat(removed.Select(NextStatement).OfType<StatementSyntax>()).Concat(replacements.Keys));
                var current = replacements.ToDictionary(r => tracked.GetCurrentNode(r.Key)!, r => r.Value);
                var rewritten = tracked.ReplaceNodes(current.Keys, (original, _) => current[original]);
                foreach (var statement in removed)
                {
                    rewritten = Remove(rewritten, statement, NextStatement(statement));
                }

                return rewritten;
            };
        }

        /// <summary>The call the Encrypt request is given to: inline, or through a <c>var</c> local used only there.</summary>
        private InvocationExpressionSyntax? EncryptCall(ObjectCreationExpressionSyntax request)
        {
            if (request.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument && call.ArgumentList.Arguments[0] == argument)
            {
                return call;
            }

            return request.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } declarator } &&
                   OnlyReference(declarator) is { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax through } } local } &&
                   through.ArgumentList.Arguments[0] == local
                ? through
                : null;
        }

        /// <summary>The Decrypt call behind the plaintext, through <c>ToArray</c>, <c>GetBuffer</c>, <c>new MemoryStream</c> and locals used once.</summary>
        private InvocationExpressionSyntax? DecryptCall(ExpressionSyntax value)
        {
            for (var depth = 0; depth < 8; depth++)
            {
                switch (value)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray" or "GetBuffer" } copy, ArgumentList.Arguments.Count: 0 }:
                        value = copy.Expression;
                        break;
                    case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } stream when _model.GetTypeInfo(stream, _cancellationToken).Type?.Name == "MemoryStream":
                        value = stream.ArgumentList.Arguments[0].Expression;
                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Plaintext" } member:
                        return member.Expression is IdentifierNameSyntax response
                            ? CallHeldBy(response)
                            : RequestSyntax.CallOf(member.Expression) as InvocationExpressionSyntax;
                    case IdentifierNameSyntax local when Carrier(local) is { } initializer:
                        value = initializer;
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The call a response local was set from (its statement then goes), if the local is used once.</summary>
        private InvocationExpressionSyntax? CallHeldBy(IdentifierNameSyntax response) =>
            Carrier(response) is { } initializer && RequestSyntax.CallOf(initializer) is InvocationExpressionSyntax call ? call : null;

        /// <summary>The initializer of a local read only here, whose declaration statement then goes.</summary>
        private ExpressionSyntax? Carrier(IdentifierNameSyntax local)
        {
            if (_model.GetSymbolInfo(local, _cancellationToken).Symbol is not ILocalSymbol symbol ||
                symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax
                {
                    Initializer.Value: { } initializer,
                    Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Parent: BlockSyntax } statement },
                } declarator ||
                OnlyReference(declarator) != local)
            {
                return null;
            }

            _removed.Add(statement);
            return initializer;
        }

        /// <summary>The one reference to a local in the member, or null.</summary>
        private IdentifierNameSyntax? OnlyReference(VariableDeclaratorSyntax declarator)
        {
            var symbol = _model.GetDeclaredSymbol(declarator, _cancellationToken);
            var references = _body!.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(i => i.Identifier.ValueText == declarator.Identifier.ValueText && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(i, _cancellationToken).Symbol, symbol))
                .Take(2)
                .ToList();
            return references.Count == 1 ? references[0] : null;
        }

        /// <summary>The Decrypt request's creation: inline, or a local used only by the call (its statement then goes).</summary>
        private ObjectCreationExpressionSyntax? RequestOf(InvocationExpressionSyntax call) =>
            call.ArgumentList.Arguments.FirstOrDefault()?.Expression switch
            {
                ObjectCreationExpressionSyntax creation => creation,
                IdentifierNameSyntax local => Carrier(local) as ObjectCreationExpressionSyntax,
                _ => null,
            };

        /// <summary>The members an initializer sets, when each is one <paramref name="known"/> has.</summary>
        private static bool Members(InitializerExpressionSyntax initializer, Dictionary<string, string> known, out List<string> names)
        {
            names = new List<string>();
            foreach (var expression in initializer.Expressions)
            {
                if (expression is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: var name } } || !known.ContainsKey(name))
                {
                    return false;
                }

                names.Add(name);
            }

            return true;
        }

        /// <summary>
        /// True when the Decrypt request's values read the same at the Encrypt: they have no side effects, the Encrypt
        /// members evaluated before them have none, and no code between the two calls mentions what they read (it might
        /// assign it, pass it as <c>out</c>, change the dictionary or dispose the stream it holds).
        /// </summary>
        private bool CanReadLater(InitializerExpressionSyntax values, InvocationExpressionSyntax decrypt, InvocationExpressionSyntax encrypt, ObjectCreationExpressionSyntax encryptRequest, AssignmentExpressionSyntax plaintextMember)
        {
            var encryptMembers = encryptRequest.Initializer!.Expressions;
            if (HasSideEffects(values) || encryptMembers.Take(encryptMembers.IndexOf(plaintextMember)).Any(HasSideEffects))
            {
                return false;
            }

            var read = new HashSet<ISymbol>(
                values.Expressions.Cast<AssignmentExpressionSyntax>().SelectMany(m => m.Right.DescendantNodesAndSelf()).OfType<IdentifierNameSyntax>()
                    .Select(i => _model.GetSymbolInfo(i, _cancellationToken).Symbol).OfType<ISymbol>().Where(s => s is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol),
                SymbolEqualityComparer.Default);
            // The Encrypt request, made between the calls when it is a local, is checked above: reading the same values is fine.
            var between = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(decrypt.Span.End, System.Math.Max(decrypt.Span.End, encrypt.SpanStart));
            return !_body!.DescendantNodes(between).OfType<IdentifierNameSyntax>().Any(i =>
                between.Contains(i.Span) && !encryptRequest.Span.Contains(i.Span) &&
                _model.GetSymbolInfo(i, _cancellationToken).Symbol is { } symbol && read.Contains(symbol));
        }

        /// <summary>A call, await, assignment or unary operator (<c>++</c>, <c>--</c>): it could change what the moved values read.</summary>
        private static bool HasSideEffects(SyntaxNode node) =>
            node.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax { Parent: not InitializerExpressionSyntax } or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax);

        /// <summary>
        /// The Encrypt response's written type (renamed), or no type when it is <c>var</c>, discarded or read inline;
        /// null when it is read for something ReEncrypt's response lacks or handed on.
        /// </summary>
        private (TypeSyntax? Type, bool Ok)? ResponseTypeToRename(InvocationExpressionSyntax call)
        {
            switch (RequestSyntax.ResultOf(call).Parent)
            {
                case ExpressionStatementSyntax:
                    return (null, true);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } when SharedResponseMembers.Contains(name):
                    return (null, true);
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator }:
                    var symbol = _model.GetDeclaredSymbol(declarator, _cancellationToken);
                    var readsOnlyShared = _body!.DescendantNodes().OfType<IdentifierNameSyntax>()
                        .Where(i => i.Identifier.ValueText == declarator.Identifier.ValueText && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(i, _cancellationToken).Symbol, symbol))
                        .All(i => i.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } access && access.Expression == i && SharedResponseMembers.Contains(member));
                    return readsOnlyShared ? (declaration.Type.IsVar ? null : declaration.Type, true) : null;
                default:
                    return null;
            }
        }

        /// <summary>The Encrypt request as a ReEncryptRequest, the Decrypt request's members where <c>Plaintext</c> was.</summary>
        private static ObjectCreationExpressionSyntax ReEncryptRequest(ObjectCreationExpressionSyntax encrypt, AssignmentExpressionSyntax plaintext, InitializerExpressionSyntax decrypt)
        {
            var items = encrypt.Initializer!.Expressions.GetWithSeparators();
            var index = items.IndexOf(plaintext);
            var separator = index + 1 < items.Count ? items[index + 1].AsToken() : items.Count > 1 ? items[index - 1].AsToken() : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
            var inserted = new List<SyntaxNodeOrToken>();
            foreach (var member in decrypt.Expressions.Cast<AssignmentExpressionSyntax>())
            {
                if (inserted.Count > 0)
                {
                    inserted.Add(separator);
                }

                inserted.Add(Renamed(member, DecryptMembers).WithoutTrivia().WithTriviaFrom(plaintext));
            }

            var newItems = new List<SyntaxNodeOrToken>();
            for (var i = 0; i < items.Count; i++)
            {
                if (i == index)
                {
                    newItems.AddRange(inserted);
                }
                else if (items[i].AsNode() is AssignmentExpressionSyntax member)
                {
                    newItems.Add(Renamed(member, EncryptMembers));
                }
                else
                {
                    newItems.Add(items[i]);
                }
            }

            var type = SyntaxFactory.IdentifierName("ReEncryptRequest").WithTriviaFrom(encrypt.Type);
            return encrypt.WithType(type).WithInitializer(encrypt.Initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(newItems)));
        }

        private static AssignmentExpressionSyntax Renamed(AssignmentExpressionSyntax member, Dictionary<string, string> names)
        {
            var left = (IdentifierNameSyntax)member.Left;
            return member.WithLeft(SyntaxFactory.IdentifierName(names[left.Identifier.ValueText]).WithTriviaFrom(left));
        }

        private static StatementSyntax? NextStatement(StatementSyntax statement) =>
            statement.Parent is BlockSyntax block && block.Statements.IndexOf(statement) + 1 is var next && next < block.Statements.Count ? block.Statements[next] : null;

        /// <summary>
        /// Removes a tracked statement; its leading trivia (comments, directives, disabled code) and its trailing comments,
        /// each on a line of its own, go to the next statement.
        /// </summary>
        private static SyntaxNode Remove(SyntaxNode root, StatementSyntax original, StatementSyntax? originalNext)
        {
            var statement = root.GetCurrentNode(original)!;
            var leading = statement.GetLeadingTrivia();
            var trailing = statement.GetTrailingTrivia();
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? new[] { leading.Last() } : System.Array.Empty<SyntaxTrivia>();
            var endOfLine = trailing.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            endOfLine = endOfLine == default ? SyntaxFactory.CarriageReturnLineFeed : endOfLine;
            var carried = leading.AddRange(trailing.Where(IsComment).SelectMany(comment => new[] { comment, endOfLine }.Concat(indentation)));
            if (originalNext is not null && root.GetCurrentNode(originalNext) is { } next && carried.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                root = root.ReplaceNode(next, next.WithLeadingTrivia(carried.Concat(next.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))));
                statement = root.GetCurrentNode(original)!;
            }

            return root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        /// <summary>A directive inside a node that goes (not in its leading trivia, which is kept) would be lost or left unpaired.</summary>
        private static bool HasDirectiveWithin(SyntaxNode node) =>
            node.DescendantTrivia().Any(t => t.IsDirective && node.Span.Contains(t.SpanStart));

        private static bool IsComment(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);
    }
}
