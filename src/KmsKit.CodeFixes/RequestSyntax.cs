using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KmsKit.CodeFixes;

/// <summary>Finding and editing the <c>new XxxRequest { ... }</c> behind a KMS call or a request local.</summary>
internal static class RequestSyntax
{
    /// <summary>
    /// The creation of the request <paramref name="expression"/> stands for: the expression itself, or the
    /// initializer of the local it names.
    /// </summary>
    public static BaseObjectCreationExpressionSyntax? CreationOf(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is BaseObjectCreationExpressionSyntax creation)
        {
            return creation;
        }

        if (expression is IdentifierNameSyntax identifier &&
            model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local &&
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax
            {
                Initializer.Value: BaseObjectCreationExpressionSyntax initialized,
            })
        {
            return initialized;
        }

        return null;
    }

    /// <summary>The request creation passed as the first argument of a KMS call.</summary>
    public static BaseObjectCreationExpressionSyntax? CreationOf(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
        call.ArgumentList.Arguments.FirstOrDefault()?.Expression is { } argument ? CreationOf(argument, model, cancellationToken) : null;

    /// <summary>
    /// <paramref name="creation"/> with <c>member = value</c> appended to its object initializer (made if missing). A
    /// multi-line initializer with a trailing comma gets the new member on a line of its own, with a trailing comma.
    /// </summary>
    public static BaseObjectCreationExpressionSyntax WithMember(BaseObjectCreationExpressionSyntax creation, string member, ExpressionSyntax value)
    {
        var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(member), value);
        if (creation.Initializer is { Expressions: { Count: > 0 } expressions } existing && expressions.SeparatorCount == expressions.Count)
        {
            var last = expressions[expressions.Count - 1];
            var trailingComma = expressions.GetSeparator(expressions.Count - 1);
            var items = expressions.GetWithSeparators()
                .Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()))
                .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailingComma.TrailingTrivia));
            return creation.WithInitializer(existing.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(items)));
        }

        var initializer = creation.Initializer is { } single
            ? single.WithExpressions(single.Expressions.Add(assignment))
            : SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment));
        return creation.WithInitializer(initializer.WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>The <c>member = value</c> of an object initializer, if it sets <paramref name="member"/>.</summary>
    public static AssignmentExpressionSyntax? MemberOf(BaseObjectCreationExpressionSyntax creation, string member) =>
        creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == member);

    /// <summary>
    /// The outermost expression that is still a KMS call's result: the call through <c>await</c>, parentheses and
    /// <c>ConfigureAwait(...)</c> (its parent is then where the response goes).
    /// </summary>
    public static SyntaxNode ResultOf(InvocationExpressionSyntax call)
    {
        SyntaxNode result = call;
        while (result.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax ||
               result.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } ||
               result.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } })
        {
            result = result.Parent;
        }

        return result;
    }

    /// <summary>The inverse of <see cref="ResultOf"/>: through <c>await</c>, parentheses and <c>ConfigureAwait(...)</c> to the call.</summary>
    public static ExpressionSyntax CallOf(SyntaxNode result)
    {
        var expression = (ExpressionSyntax)result;
        while (true)
        {
            switch (expression)
            {
                case AwaitExpressionSyntax awaited:
                    expression = awaited.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var awaitable } }:
                    expression = awaitable;
                    break;
                default:
                    return expression;
            }
        }
    }
}
