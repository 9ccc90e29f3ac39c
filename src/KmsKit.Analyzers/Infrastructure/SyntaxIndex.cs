using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The nodes of one syntax tree that the gates look at, by name: invocations by the method name, assignments by
/// the assigned member, member accesses by member, creations by type. Built in one walk and shared by every
/// analyzer through a cache keyed by the tree, so that code without KMS costs one walk, not one per rule.
/// </summary>
internal sealed class SyntaxIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, SyntaxIndex> Cache = new();
    private static readonly IReadOnlyList<SyntaxNode> None = Array.Empty<SyntaxNode>();

    private readonly Dictionary<string, List<SyntaxNode>> _invocations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _memberAccesses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _creations = new(StringComparer.Ordinal);
    private readonly List<SyntaxNode> _implicitCreations = new();

    private SyntaxIndex(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation when NameOf(invocation.Expression) is { } name:
                    Add(_invocations, name, node);
                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && NameOf(assignment.Left) is { } name:
                    Add(_assignments, name, node);
                    break;
                case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    Add(_memberAccesses, access.Name.Identifier.ValueText, node);
                    break;
                case ObjectCreationExpressionSyntax creation:
                    Add(_creations, RightmostName(creation.Type), node);
                    break;
                case ImplicitObjectCreationExpressionSyntax:
                    _implicitCreations.Add(node);
                    break;
            }
        }
    }

    public static SyntaxIndex Of(SyntaxTree tree, System.Threading.CancellationToken cancellationToken) =>
        Cache.GetValue(tree, t => new SyntaxIndex(t.GetRoot(cancellationToken)));

    /// <summary>Calls of methods named <paramref name="name"/> (<c>x.EncryptAsync(...)</c>, <c>EncryptAsync(...)</c>).</summary>
    public IReadOnlyList<SyntaxNode> Invocations(string name) => Get(_invocations, name);

    /// <summary>Simple assignments to a member named <paramref name="name"/>, statements and initializer members alike.</summary>
    public IReadOnlyList<SyntaxNode> Assignments(string name) => Get(_assignments, name);

    /// <summary><c>x.Name</c> member accesses.</summary>
    public IReadOnlyList<SyntaxNode> MemberAccesses(string name) => Get(_memberAccesses, name);

    /// <summary><c>new Name(...)</c> creations, by the type's simple name.</summary>
    public IReadOnlyList<SyntaxNode> Creations(string typeName) => Get(_creations, typeName);

    /// <summary>Target-typed <c>new(...)</c> creations, whose type only the semantic model knows.</summary>
    public IReadOnlyList<SyntaxNode> ImplicitCreations => _implicitCreations;

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

    private static IReadOnlyList<SyntaxNode> Get(Dictionary<string, List<SyntaxNode>> map, string name) =>
        map.TryGetValue(name, out var nodes) ? nodes : None;

    private static void Add(Dictionary<string, List<SyntaxNode>> map, string name, SyntaxNode node)
    {
        if (!map.TryGetValue(name, out var nodes))
        {
            map[name] = nodes = new List<SyntaxNode>(1);
        }

        nodes.Add(node);
    }
}
