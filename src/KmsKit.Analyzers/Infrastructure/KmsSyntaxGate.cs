using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Cheap syntactic gates in front of the IOperation logic (docs/decisions.md). Registering an operation action makes
/// the compiler build the IOperation tree of every method body; instead each rule looks up, in a per-tree index
/// that all rules share (<see cref="SyntaxIndex"/>), the few nodes whose names can be KMS ones, and asks the
/// semantic model about those only. Rules run as semantic-model actions, so a diagnostic anywhere in the document
/// (the request's creation, a later <c>request.Plaintext = ...</c>) is local to what was analyzed, as the IDE expects.
/// </summary>
internal static class KmsSyntaxGate
{
    /// <summary>
    /// Runs <paramref name="action"/> for each call of one of the KMS <paramref name="operations"/> (e.g. "Encrypt"),
    /// async or sync, on IAmazonKeyManagementService or a type implementing it; every KMS operation when empty.
    /// </summary>
    public static void RegisterInvocation(
        RuleRegistration context,
        KmsSymbols symbols,
        ImmutableArray<string> operations,
        Action<GateContext, IInvocationOperation, string> action)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations.IsEmpty ? symbols.Service.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).Select(m => m.Name) : operations)
        {
            names.Add(operation);
            names.Add(operation + "Async");
        }

        RegisterNamedInvocation(
            context,
            names.ToImmutableArray(),
            (gate, invocation) =>
            {
                if (symbols.OperationName(invocation.TargetMethod) is { } kmsOperation &&
                    (operations.IsEmpty || operations.Contains(kmsOperation)))
                {
                    action(gate, invocation, kmsOperation);
                }
            });
    }

    /// <summary>Runs <paramref name="action"/> for each call of a method named one of <paramref name="names"/>, on any type.</summary>
    public static void RegisterNamedInvocation(
        RuleRegistration context,
        ImmutableArray<string> names,
        Action<GateContext, IInvocationOperation> action) =>
        Register<IInvocationOperation>(context, (index, name) => index.Invocations(name), names, (gate, invocation, _) => action(gate, invocation));

    /// <summary>Runs <paramref name="action"/> for each assignment (statement or object initializer) to a property named one of <paramref name="members"/>.</summary>
    public static void RegisterMemberAssignment(
        RuleRegistration context,
        ImmutableArray<string> members,
        Action<GateContext, ISimpleAssignmentOperation, IPropertySymbol> action) =>
        Register<ISimpleAssignmentOperation>(
            context,
            (index, name) => index.Assignments(name),
            members,
            (gate, assignment, _) =>
            {
                if (assignment.Target is IPropertyReferenceOperation property)
                {
                    action(gate, assignment, property.Property);
                }
            });

    /// <summary>
    /// Runs <paramref name="action"/> for each use of a property named one of <paramref name="members"/>: <c>x.Member</c>,
    /// or <c>Member = ...</c> inside an object initializer.
    /// </summary>
    public static void RegisterMemberReference(
        RuleRegistration context,
        ImmutableArray<string> members,
        Action<GateContext, IPropertyReferenceOperation> action) =>
        context.RegisterSemanticModelAction(modelContext =>
        {
            var index = SyntaxIndex.Of(modelContext.SemanticModel, modelContext.CancellationToken);
            foreach (var member in members)
            {
                var uses = index.MemberAccesses(member).Concat(index.Assignments(member)
                    .Select(a => ((AssignmentExpressionSyntax)a).Left)
                    .Where(left => left is IdentifierNameSyntax && left.Parent?.Parent is InitializerExpressionSyntax));
                foreach (var use in uses)
                {
                    if (modelContext.SemanticModel.GetOperation(use, modelContext.CancellationToken) is IPropertyReferenceOperation property)
                    {
                        action(GateContext.For(modelContext, use), property);
                    }
                }
            }
        });

    /// <summary>
    /// Runs <paramref name="action"/> for each <c>new T(...)</c> whose type is named one of <paramref name="typeNames"/>,
    /// and for each target-typed <c>new(...)</c> that creates one of them.
    /// </summary>
    public static void RegisterObjectCreation(
        RuleRegistration context,
        ImmutableArray<string> typeNames,
        Action<GateContext, IObjectCreationOperation> action) =>
        context.RegisterSemanticModelAction(modelContext =>
        {
            var index = SyntaxIndex.Of(modelContext.SemanticModel, modelContext.CancellationToken);
            var model = modelContext.SemanticModel;
            var named = typeNames.SelectMany(index.Creations);

            // A target-typed new whose declared type is written (`Dictionary<string, int> counts = new();`) is judged by
            // that name; one in any other place (an argument, a return) needs the semantic model.
            var implicitNew = index.ImplicitCreations.Where(node => node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: { IsVar: false } declared } } }
                ? typeNames.Contains(SyntaxIndex.RightmostName(declared))
                : model.GetTypeInfo(node, modelContext.CancellationToken).Type is { } type && typeNames.Contains(type.Name));
            foreach (var node in named.Concat(implicitNew))
            {
                if (model.GetOperation(node, modelContext.CancellationToken) is IObjectCreationOperation creation)
                {
                    action(GateContext.For(modelContext, node), creation);
                }
            }
        });

    private static void Register<TOperation>(
        RuleRegistration context,
        Func<SyntaxIndex, string, IReadOnlyList<SyntaxNode>> nodes,
        ImmutableArray<string> names,
        Action<GateContext, TOperation, SyntaxNode> action)
        where TOperation : class, IOperation =>
        context.RegisterSemanticModelAction(modelContext =>
        {
            var index = SyntaxIndex.Of(modelContext.SemanticModel, modelContext.CancellationToken);
            foreach (var name in names)
            {
                foreach (var node in nodes(index, name))
                {
                    if (modelContext.SemanticModel.GetOperation(node, modelContext.CancellationToken) is TOperation operation)
                    {
                        action(GateContext.For(modelContext, node), operation, node);
                    }
                }
            }
        });
}
