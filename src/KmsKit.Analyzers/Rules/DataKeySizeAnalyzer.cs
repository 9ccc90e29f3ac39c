using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS004: a <c>GenerateDataKey</c>/<c>GenerateDataKeyWithoutPlaintext</c> request built in the method that
/// sets both or neither of <c>KeySpec</c> and <c>NumberOfBytes</c>, or a constant <c>NumberOfBytes</c> outside 1..1024.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataKeySizeAnalyzer : KmsAnalyzer
{
    public DataKeySizeAnalyzer()
        : base(DiagnosticDescriptors.DataKeySizeAmbiguous)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        ConstantRangeRule.Register(
            context,
            symbols,
            DiagnosticDescriptors.DataKeySizeAmbiguous,
            ["GenerateDataKeyRequest", "GenerateDataKeyWithoutPlaintextRequest"],
            "NumberOfBytes",
            1,
            1024,
            "NumberOfBytes is {0}; KMS data keys are 1 to 1024 bytes");

        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("GenerateDataKey", "GenerateDataKeyWithoutPlaintext"),
            (nodeContext, invocation, operation) =>
            {
                if (invocation.Arguments.Length == 0 ||
                    RequestShape.Of(invocation.Arguments[0].Value) is not { } request)
                {
                    return;
                }

                var setsKeySpec = request.Sets("KeySpec");
                var setsNumberOfBytes = request.Sets("NumberOfBytes");
                var (kind, problem) = (setsKeySpec, setsNumberOfBytes) switch
                {
                    (true, true) => (DiagnosticProperties.BothSizes, $"{operation} sets both KeySpec and NumberOfBytes; set exactly one (KeySpec = DataKeySpec.AES_256 for an AES-256 key)"),
                    (false, false) when !request.IsPassedElsewhereThan(invocation.Arguments[0].Value) => (DiagnosticProperties.NoSize, $"{operation} sets neither KeySpec nor NumberOfBytes; set KeySpec = DataKeySpec.AES_256"),
                    _ => (null, null),
                };
                if (kind is not null)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.DataKeySize, kind);
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DataKeySizeAmbiguous, request.TypeLocation, properties, problem));
                }
            });
    }
}
