using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS201: GenerateDataKey, Encrypt or Decrypt once per item: in the body of a for/foreach/while/do loop, or in
/// a lambda run per item (LINQ <c>Select</c>/<c>SelectMany</c>, <c>Parallel.For</c>/<c>ForEach</c>/<c>ForEachAsync</c>,
/// or any projection inside <c>Task.WhenAll</c>). A call inside a try/catch of a while/for/do loop is a retry
/// loop, not a loop over items: no diagnostic. A lambda given to anything else may run once: no diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KmsCallInLoopAnalyzer : KmsAnalyzer
{
    private static readonly ImmutableArray<string> PerItemOperations = ImmutableArray.Create("GenerateDataKey", "Encrypt", "Decrypt");

    public KmsCallInLoopAnalyzer()
        : base(DiagnosticDescriptors.KmsCallPerItem)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            PerItemOperations,
            (nodeContext, invocation, _) =>
            {
                if (PerItemContext(invocation) is { } where)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.KmsCallPerItem, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name, where));
                }
            });

    /// <summary>What runs the call once per item ("of this foreach loop"), or null.</summary>
    private static string? PerItemContext(IOperation call)
    {
        var inRetryBlock = false;
        for (IOperation? child = call, parent = call.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case ITryOperation { Catches.Length: > 0 } tryOperation when child == tryOperation.Body:
                    inRetryBlock = true;
                    break;
                case IForEachLoopOperation loop when child == loop.Body:
                    return "of this foreach loop";
                case IForLoopOperation loop when child == loop.Body && !inRetryBlock:
                    return "of this for loop";
                case IWhileLoopOperation loop when child == loop.Body && !inRetryBlock:
                    return loop.ConditionIsTop ? "of this while loop" : "of this do loop";
                case IAnonymousFunctionOperation lambda:
                    return Projection(lambda);
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The per-item API a lambda is given to, or null when it may run only once.</summary>
    private static string? Projection(IAnonymousFunctionOperation lambda)
    {
        var host = Host(lambda);
        if (host is null)
        {
            return null;
        }

        var method = host.TargetMethod;
        var type = method.ContainingType;
        if (method.Name is "Select" or "SelectMany" && type.ContainingNamespace.HasFullName("System.Linq"))
        {
            return $"in this {method.Name} projection";
        }

        if (method.Name is "For" or "ForEach" or "ForEachAsync" && type.Name == "Parallel" && type.ContainingNamespace.HasFullName("System.Threading.Tasks"))
        {
            return $"in Parallel.{method.Name}";
        }

        for (var outer = host.Parent; outer is not null; outer = outer.Parent)
        {
            if (outer is IInvocationOperation { TargetMethod: { Name: "WhenAll", ContainingType.Name: "Task" } })
            {
                return "in this Task.WhenAll";
            }

            if (outer is IAnonymousFunctionOperation or ILocalFunctionOperation or IBlockOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The invocation a lambda is passed to as an argument.</summary>
    private static IInvocationOperation? Host(IAnonymousFunctionOperation lambda)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return (current as IArgumentOperation)?.Parent as IInvocationOperation;
    }
}
