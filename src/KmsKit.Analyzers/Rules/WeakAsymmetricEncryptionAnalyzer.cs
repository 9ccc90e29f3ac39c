using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS007: <c>EncryptionAlgorithm = RSAES_OAEP_SHA_1</c> on an Encrypt or Decrypt request.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakAsymmetricEncryptionAnalyzer : KmsAnalyzer
{
    public WeakAsymmetricEncryptionAnalyzer()
        : base(DiagnosticDescriptors.WeakAsymmetricEncryption)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var algorithmSpec = symbols.ServiceType("EncryptionAlgorithmSpec");
        var encryptRequest = symbols.ModelType("EncryptRequest");
        var decryptRequest = symbols.ModelType("DecryptRequest");
        KmsSyntaxGate.RegisterMemberAssignment(
            context,
            ImmutableArray.Create("EncryptionAlgorithm"),
            (nodeContext, assignment, property) =>
            {
                var request = property.ContainingType;
                var operation = request.Is(encryptRequest) ? "Encrypt" : request.Is(decryptRequest) ? "Decrypt" : null;
                if (operation is not null && ConstantClassValue.Of(assignment.Value, algorithmSpec) == "RSAES_OAEP_SHA_1")
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.WeakAsymmetricEncryption, assignment.Value.Syntax.GetLocation(), operation));
                }
            });
    }
}
