using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS105: a <c>GenerateDataKey</c> response whose <c>Plaintext</c> is never read: the result is discarded,
/// one other member is read inline, or it is kept in a local whose members are read but never <c>Plaintext</c>.
/// A response handed on (returned, passed, stored) may be read elsewhere: no diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnusedPlaintextDataKeyAnalyzer : KmsAnalyzer
{
    public UnusedPlaintextDataKeyAnalyzer()
        : base(DiagnosticDescriptors.PlaintextDataKeyUnused)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("GenerateDataKey"),
            (nodeContext, invocation, _) =>
            {
                if (!PlaintextMayBeRead(invocation))
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.PlaintextDataKeyUnused, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name + " call"));
                }
            });

    private static bool PlaintextMayBeRead(IInvocationOperation invocation)
    {
        var result = invocation.ResultOf();
        switch (result.Parent)
        {
            case IExpressionStatementOperation:
                return false;
            case IPropertyReferenceOperation property:
                return IsPlaintext(property);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return LocalMayReadPlaintext(declarator.Symbol, invocation);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == result:
                return LocalMayReadPlaintext(target.Local, invocation);
            default:
                return true;
        }
    }

    /// <summary>True unless the local holds only this response and is used only to read members other than Plaintext.</summary>
    private static bool LocalMayReadPlaintext(ILocalSymbol local, IInvocationOperation invocation)
    {
        var root = invocation.Root();
        if (OperationFlow.SingleValue(local, root)?.Unwrap() != invocation)
        {
            return true;
        }

        return OperationFlow.References(local, root).Any(r => r.Parent is not IPropertyReferenceOperation property || IsPlaintext(property));
    }

    private static bool IsPlaintext(IPropertyReferenceOperation property) => property.Property.Name == "Plaintext";
}
