using System.Collections.Immutable;
using System.Text.Json;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS302: a constant key policy given to <c>CreateKey</c> or <c>PutKeyPolicy</c> that risks a lockout (no
/// <c>kms:*</c> for the account root) or allows every principal without a condition. A document that is not
/// JSON is reported as an error, with the parser's position.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyPolicyAnalyzer : KmsAnalyzer
{
    public KeyPolicyAnalyzer()
        : base(DiagnosticDescriptors.KeyPolicyRisk)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var createKey = symbols.ModelType("CreateKeyRequest");
        var putKeyPolicy = symbols.ModelType("PutKeyPolicyRequest");
        KmsSyntaxGate.RegisterMemberAssignment(
            context,
            ImmutableArray.Create("Policy"),
            (nodeContext, assignment, property) =>
            {
                if (!(property.ContainingType.Is(createKey) || property.ContainingType.Is(putKeyPolicy)) ||
                    assignment.Value.ConstantString() is not { } policy)
                {
                    return;
                }

                var location = assignment.Value.Syntax.GetLocation();
                try
                {
                    foreach (var finding in KeyPolicyDocument.Review(policy))
                    {
                        nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeyPolicyRisk, location, finding));
                    }
                }
                catch (JsonException error)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.KeyPolicyRisk,
                        location,
                        DiagnosticSeverity.Error,
                        additionalLocations: null,
                        properties: null,
                        KeyPolicyDocument.DescribeError(error)));
                }
            });
    }
}
