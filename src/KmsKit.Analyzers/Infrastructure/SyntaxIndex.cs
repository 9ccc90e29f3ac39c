using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The nodes of one syntax tree that the gates look at, by name: invocations by the method name, assignments by
/// the assigned member, member accesses by member, creations by type. Shared by every analyzer through a cache keyed
/// by the compilation and the tree. It starts from the positions of the words in the text (<see cref="WordPositions"/>) and resolves a
/// name to its nodes the first time a rule asks for it, so code without KMS names costs one scan of its text.
/// </summary>
internal sealed class SyntaxIndex
{
    // Per compilation, then per tree: one weak entry per compilation rather than one per document, whose dependent
    // handles cost more to make (and to the GC) than the index itself.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SyntaxIndex>> Cache = new();

    private readonly SyntaxNode _root;
    private readonly WordPositions _words;
    private readonly Dictionary<string, NameUses> _uses = new(StringComparer.Ordinal);

    private SyntaxIndex(SyntaxTree tree, CancellationToken cancellationToken)
    {
        _root = tree.GetRoot(cancellationToken);
        _words = WordPositions.Of(tree, cancellationToken);
    }

    /// <summary>The index of the model's document, shared by every rule that analyzes it.</summary>
    public static SyntaxIndex Of(SemanticModel model, CancellationToken cancellationToken)
    {
        var indexes = Cache.GetValue(model.Compilation, _ => new ConcurrentDictionary<SyntaxTree, SyntaxIndex>());
        return indexes.TryGetValue(model.SyntaxTree, out var index)
            ? index
            : indexes.GetOrAdd(model.SyntaxTree, tree => new SyntaxIndex(tree, cancellationToken));
    }

    /// <summary>Calls of methods named <paramref name="name"/> (<c>x.EncryptAsync(...)</c>, <c>EncryptAsync(...)</c>).</summary>
    public IReadOnlyList<SyntaxNode> Invocations(string name) => UsesOf(name).Invocations;

    /// <summary>Simple assignments to a member named <paramref name="name"/>, statements and initializer members alike.</summary>
    public IReadOnlyList<SyntaxNode> Assignments(string name) => UsesOf(name).Assignments;

    /// <summary><c>x.Name</c> member accesses.</summary>
    public IReadOnlyList<SyntaxNode> MemberAccesses(string name) => UsesOf(name).MemberAccesses;

    /// <summary><c>new Name(...)</c> creations, by the type's simple name.</summary>
    public IReadOnlyList<SyntaxNode> Creations(string typeName) => UsesOf(typeName).Creations;

    /// <summary>False when <paramref name="word"/> (a capitalised word) is certainly not in the document's text, comments and strings included.</summary>
    public bool Mentions(string word) => _words.MayContain(word);

    /// <summary>Target-typed <c>new(...)</c> creations, whose type only the semantic model knows.</summary>
    public IReadOnlyList<SyntaxNode> ImplicitCreations => UsesOf(WordPositions.TargetTypedNew).ImplicitCreations;

    /// <summary>The simple name a call, member use or assignment target ends with: <c>kms.EncryptAsync</c> gives "EncryptAsync".</summary>
    public static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The simple name a type ends with: <c>Amazon.S3.Model.PutObjectRequest</c> gives "PutObjectRequest".</summary>
    public static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    private NameUses UsesOf(string name)
    {
        if (name != WordPositions.TargetTypedNew && (name.Length == 0 || !char.IsUpper(name[0])))
        {
            // WordPositions keeps only capitalised words: a rule asking for another name would silently see nothing.
            throw new ArgumentException($"SyntaxIndex looks up SDK and BCL names, which start with an upper-case letter, not '{name}'.", nameof(name));
        }

        if (!_words.MayContain(name))
        {
            return NameUses.None;
        }

        // Rules run concurrently on one tree; a lock is cheaper than a concurrent dictionary per tree.
        lock (_uses)
        {
            if (!_uses.TryGetValue(name, out var uses))
            {
                _uses[name] = uses = Resolve(name);
            }

            return uses;
        }
    }

    /// <summary>The nodes the word <paramref name="name"/> names, from the tokens at its positions (not in comments or strings).</summary>
    private NameUses Resolve(string name)
    {
        var uses = new NameUses();
        foreach (var position in _words.PositionsOf(name, CancellationToken.None))
        {
            var token = _root.FindToken(position);
            if (!token.Span.Contains(position) || token.ValueText != name)
            {
                continue;
            }

            if (token.IsKind(SyntaxKind.NewKeyword))
            {
                if (token.Parent is ImplicitObjectCreationExpressionSyntax creation)
                {
                    NameUses.Add(ref uses.ImplicitCreationList, creation);
                }
            }
            else if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax simpleName)
            {
                Classify(simpleName, uses);
            }
        }

        return uses;
    }

    private static void Classify(SimpleNameSyntax name, NameUses uses)
    {
        // The expression the name ends: x.Name, x?.Name or Name itself.
        ExpressionSyntax expression = name;
        switch (name.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == name:
                expression = access;
                if (access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
                {
                    NameUses.Add(ref uses.MemberAccessList, access);
                }

                break;
            case MemberBindingExpressionSyntax binding when binding.Name == name:
                expression = binding;
                break;
        }

        switch (expression.Parent)
        {
            case InvocationExpressionSyntax invocation when invocation.Expression == expression:
                NameUses.Add(ref uses.InvocationList, invocation);
                break;
            case AssignmentExpressionSyntax assignment when assignment.Left == expression && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                NameUses.Add(ref uses.AssignmentList, assignment);
                break;
        }

        // The type of a creation ends with the name: new Name(), new Ns.Name<T>(), new global::Ns.Name().
        SyntaxNode type = name;
        while (type.Parent is QualifiedNameSyntax qualified && qualified.Right == type ||
               type.Parent is AliasQualifiedNameSyntax aliased && aliased.Name == type)
        {
            type = type.Parent;
        }

        if (type.Parent is ObjectCreationExpressionSyntax creation && creation.Type == type)
        {
            NameUses.Add(ref uses.CreationList, creation);
        }
    }

    /// <summary>What one name names in the tree; most names name nothing, so each list is made on first use.</summary>
    private sealed class NameUses
    {
        public static readonly NameUses None = new();

        private static readonly IReadOnlyList<SyntaxNode> Empty = Array.Empty<SyntaxNode>();

        public List<SyntaxNode>? InvocationList;
        public List<SyntaxNode>? AssignmentList;
        public List<SyntaxNode>? MemberAccessList;
        public List<SyntaxNode>? CreationList;
        public List<SyntaxNode>? ImplicitCreationList;

        public IReadOnlyList<SyntaxNode> Invocations => InvocationList ?? Empty;

        public IReadOnlyList<SyntaxNode> Assignments => AssignmentList ?? Empty;

        public IReadOnlyList<SyntaxNode> MemberAccesses => MemberAccessList ?? Empty;

        public IReadOnlyList<SyntaxNode> Creations => CreationList ?? Empty;

        public IReadOnlyList<SyntaxNode> ImplicitCreations => ImplicitCreationList ?? Empty;

        public static void Add(ref List<SyntaxNode>? list, SyntaxNode node) => (list ??= new List<SyntaxNode>(1)).Add(node);
    }
}
