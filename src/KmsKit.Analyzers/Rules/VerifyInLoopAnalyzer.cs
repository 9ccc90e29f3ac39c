using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS204: <c>Verify</c> called through KMS once per iteration of a loop.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VerifyInLoopAnalyzer : KmsAnalyzer
{
    public VerifyInLoopAnalyzer()
        : base(DiagnosticDescriptors.VerifyInLoop)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Verify"),
            (nodeContext, invocation, _) =>
            {
                if (invocation.EnclosingLoop() is { } loop &&
                    !IsRetryLoop(loop))
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.VerifyInLoop, invocation.Syntax.GetLocation()));
                }
            });

    /// <summary><c>while (true)</c> and <c>for (;;)</c>: a retry or polling loop, not one iteration per item.</summary>
    private static bool IsRetryLoop(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: { } condition } => condition.ConstantBoolean() == true,
        IForLoopOperation { Condition: var condition } => condition is null || condition.ConstantBoolean() == true,
        _ => false,
    };
}
