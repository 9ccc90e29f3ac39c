using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Cheap syntactic gates in front of the IOperation logic. Registering an operation action makes the compiler
/// build the IOperation tree of every method body, which measured at 4% of a 500-file build that never calls
/// KMS (docs/decisions.md). A gate looks at one syntax node kind and a name first, and asks for the IOperation
/// only for calls, assignments, member uses and creations that can be KMS ones, so code without KMS pays
/// almost nothing. Gates run inside code blocks, so that a diagnostic placed elsewhere in the same method (the
/// request's creation, a later <c>request.Plaintext = ...</c>) is still local to what was analyzed, as the IDE expects.
/// </summary>
internal static class KmsSyntaxGate
{
    /// <summary>
    /// Runs <paramref name="action"/> for each call of one of the KMS <paramref name="operations"/> (e.g. "Encrypt"),
    /// async or sync, on IAmazonKeyManagementService or a type implementing it; every KMS operation when empty.
    /// </summary>
    public static void RegisterInvocation(
        CompilationStartAnalysisContext context,
        KmsSymbols symbols,
        ImmutableArray<string> operations,
        Action<SyntaxNodeAnalysisContext, IInvocationOperation, string> action)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations.IsEmpty ? symbols.Service.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name) : operations)
        {
            names.Add(operation);
            names.Add(operation + "Async");
        }

        RegisterInCodeBlocks(
            context,
            nodeContext =>
            {
                var invocation = (InvocationExpressionSyntax)nodeContext.Node;
                if (NameOf(invocation.Expression) is { } name && names.Contains(name) &&
                    nodeContext.SemanticModel.GetOperation(invocation, nodeContext.CancellationToken) is IInvocationOperation operation &&
                    symbols.OperationName(operation.TargetMethod) is { } kmsOperation &&
                    (operations.IsEmpty || operations.Contains(kmsOperation)))
                {
                    action(nodeContext, operation, kmsOperation);
                }
            },
            SyntaxKind.InvocationExpression);
    }

    /// <summary>Runs <paramref name="action"/> for each call of a method named one of <paramref name="names"/>, on any type.</summary>
    public static void RegisterNamedInvocation(
        CompilationStartAnalysisContext context,
        ImmutableArray<string> names,
        Action<SyntaxNodeAnalysisContext, IInvocationOperation> action) =>
        RegisterInCodeBlocks(
            context,
            nodeContext =>
            {
                var invocation = (InvocationExpressionSyntax)nodeContext.Node;
                if (NameOf(invocation.Expression) is { } name && names.Contains(name) &&
                    nodeContext.SemanticModel.GetOperation(invocation, nodeContext.CancellationToken) is IInvocationOperation operation)
                {
                    action(nodeContext, operation);
                }
            },
            SyntaxKind.InvocationExpression);

    /// <summary>Runs <paramref name="action"/> for each assignment (statement or object initializer) to a property named one of <paramref name="members"/>.</summary>
    public static void RegisterMemberAssignment(
        CompilationStartAnalysisContext context,
        ImmutableArray<string> members,
        Action<SyntaxNodeAnalysisContext, ISimpleAssignmentOperation, IPropertySymbol> action) =>
        RegisterInCodeBlocks(
            context,
            nodeContext =>
            {
                var assignment = (AssignmentExpressionSyntax)nodeContext.Node;
                if (NameOf(assignment.Left) is { } name && members.Contains(name) &&
                    nodeContext.SemanticModel.GetOperation(assignment, nodeContext.CancellationToken) is ISimpleAssignmentOperation operation &&
                    operation.Target is IPropertyReferenceOperation property)
                {
                    action(nodeContext, operation, property.Property);
                }
            },
            SyntaxKind.SimpleAssignmentExpression);

    /// <summary>
    /// Runs <paramref name="action"/> for each use of a property named one of <paramref name="members"/>: <c>x.Member</c>,
    /// or <c>Member = ...</c> inside an object initializer.
    /// </summary>
    public static void RegisterMemberReference(
        CompilationStartAnalysisContext context,
        ImmutableArray<string> members,
        Action<SyntaxNodeAnalysisContext, IPropertyReferenceOperation> action) =>
        RegisterInCodeBlocks(
            context,
            nodeContext =>
            {
                var member = nodeContext.Node switch
                {
                    MemberAccessExpressionSyntax access => access,
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax identifier, Parent: InitializerExpressionSyntax } => identifier,
                    _ => (ExpressionSyntax?)null,
                };
                if (member is not null && NameOf(member) is { } name && members.Contains(name) &&
                    nodeContext.SemanticModel.GetOperation(member, nodeContext.CancellationToken) is IPropertyReferenceOperation property)
                {
                    action(nodeContext, property);
                }
            },
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxKind.SimpleAssignmentExpression);

    /// <summary>
    /// Runs <paramref name="action"/> for each <c>new T(...)</c> whose type is named one of <paramref name="typeNames"/>,
    /// and for each target-typed <c>new(...)</c>, whose type only the semantic model knows.
    /// </summary>
    public static void RegisterObjectCreation(
        CompilationStartAnalysisContext context,
        ImmutableArray<string> typeNames,
        Action<SyntaxNodeAnalysisContext, IObjectCreationOperation> action) =>
        RegisterInCodeBlocks(
            context,
            nodeContext =>
            {
                if (nodeContext.Node is ObjectCreationExpressionSyntax { Type: var type } && !typeNames.Contains(RightmostName(type)))
                {
                    return;
                }

                if (nodeContext.SemanticModel.GetOperation(nodeContext.Node, nodeContext.CancellationToken) is IObjectCreationOperation creation)
                {
                    action(nodeContext, creation);
                }
            },
            SyntaxKind.ObjectCreationExpression,
            SyntaxKind.ImplicitObjectCreationExpression);

    private static void RegisterInCodeBlocks(CompilationStartAnalysisContext context, Action<SyntaxNodeAnalysisContext> action, params SyntaxKind[] kinds) =>
        context.RegisterCodeBlockStartAction<SyntaxKind>(block => block.RegisterSyntaxNodeAction(action, kinds));

    /// <summary>The simple name a call, member use or assignment target ends with: <c>kms.EncryptAsync</c> gives "EncryptAsync".</summary>
    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
