using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS301: <c>BypassPolicyLockoutSafetyCheck = true</c> on a request that sets a key policy.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PolicyLockoutBypassAnalyzer : KmsAnalyzer
{
    public PolicyLockoutBypassAnalyzer()
        : base(DiagnosticDescriptors.PolicyLockoutSafetyCheckBypassed)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var requests = new[]
        {
            symbols.ModelType("CreateKeyRequest"),
            symbols.ModelType("PutKeyPolicyRequest"),
            symbols.ModelType("ReplicateKeyRequest"),
        };
        KmsSyntaxGate.RegisterMemberAssignment(
            context,
            ImmutableArray.Create("BypassPolicyLockoutSafetyCheck"),
            (nodeContext, assignment, property) =>
            {
                if (System.Array.Exists(requests, r => property.ContainingType.Is(r)) &&
                    assignment.Value.ConstantBoolean() == true)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PolicyLockoutSafetyCheckBypassed, assignment.Syntax.GetLocation()));
                }
            });
    }
}
