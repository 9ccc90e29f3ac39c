using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// only for calls and assignments that can be KMS ones, so code without KMS pays almost nothing.
/// </summary>
internal static class KmsSyntaxGate
{
    /// <summary>
    /// Runs <paramref name="action"/> for each call of one of the KMS <paramref name="operations"/> (e.g. "Encrypt"),
    /// async or sync, on IAmazonKeyManagementService or a type implementing it.
    /// </summary>
    public static void RegisterInvocation(
        CompilationStartAnalysisContext context,
        KmsSymbols symbols,
        ImmutableArray<string> operations,
        Action<SyntaxNodeAnalysisContext, IInvocationOperation, string> action)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            names.Add(operation);
            names.Add(operation + "Async");
        }

        // Scoped to code blocks, so that a diagnostic placed elsewhere in the method (the request's creation,
        // a later `request.Plaintext = ...`) is still local to what was analyzed, as the IDE expects.
        context.RegisterCodeBlockStartAction<SyntaxKind>(block => block.RegisterSyntaxNodeAction(
            nodeContext =>
            {
                var invocation = (InvocationExpressionSyntax)nodeContext.Node;
                if (NameOf(invocation.Expression) is not { } name || !names.Contains(name) ||
                    nodeContext.SemanticModel.GetOperation(invocation, nodeContext.CancellationToken) is not IInvocationOperation operation ||
                    symbols.OperationName(operation.TargetMethod) is not { } kmsOperation ||
                    !operations.Contains(kmsOperation))
                {
                    return;
                }

                action(nodeContext, operation, kmsOperation);
            },
            SyntaxKind.InvocationExpression));
    }

    /// <summary>Runs <paramref name="action"/> for each assignment (statement or object initializer) to a member with one of <paramref name="members"/>' names.</summary>
    public static void RegisterMemberAssignment(
        CompilationStartAnalysisContext context,
        ImmutableArray<string> members,
        Action<SyntaxNodeAnalysisContext, ISimpleAssignmentOperation, IPropertySymbol> action)
    {
        context.RegisterSyntaxNodeAction(
            nodeContext =>
            {
                var assignment = (AssignmentExpressionSyntax)nodeContext.Node;
                if (NameOf(assignment.Left) is not { } name || !members.Contains(name) ||
                    nodeContext.SemanticModel.GetOperation(assignment, nodeContext.CancellationToken) is not ISimpleAssignmentOperation operation ||
                    operation.Target is not IPropertyReferenceOperation property)
                {
                    return;
                }

                action(nodeContext, operation, property.Property);
            },
            SyntaxKind.SimpleAssignmentExpression);
    }

    /// <summary>The simple name a call or assignment target ends with: <c>kms.EncryptAsync</c> gives "EncryptAsync".</summary>
    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };
}
