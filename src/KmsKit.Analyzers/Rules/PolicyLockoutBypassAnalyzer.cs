using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS301: <c>BypassPolicyLockoutSafetyCheck = true</c> on a request that sets a key policy.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PolicyLockoutBypassAnalyzer : KmsAnalyzer
{
    public PolicyLockoutBypassAnalyzer()
        : base(DiagnosticDescriptors.PolicyLockoutSafetyCheckBypassed)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KmsSymbols symbols)
    {
        var requests = new[]
        {
            symbols.ModelType("CreateKeyRequest"),
            symbols.ModelType("PutKeyPolicyRequest"),
            symbols.ModelType("ReplicateKeyRequest"),
        };
        context.RegisterOperationAction(
            operationContext =>
            {
                var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                if (assignment.Target is IPropertyReferenceOperation { Property.Name: "BypassPolicyLockoutSafetyCheck" } property &&
                    System.Array.Exists(requests, r => property.Property.ContainingType.Is(r)) &&
                    assignment.Value.ConstantBoolean() == true)
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PolicyLockoutSafetyCheckBypassed, assignment.Syntax.GetLocation()));
                }
            },
            OperationKind.SimpleAssignment);
    }
}
