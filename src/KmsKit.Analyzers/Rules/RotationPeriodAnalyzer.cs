using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS006: <c>EnableKeyRotationRequest.RotationPeriodInDays</c> constant outside 90..2560.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RotationPeriodAnalyzer : KmsAnalyzer
{
    public RotationPeriodAnalyzer()
        : base(DiagnosticDescriptors.RotationPeriodOutOfRange)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        ConstantRangeRule.Register(context, symbols, DiagnosticDescriptors.RotationPeriodOutOfRange, ["EnableKeyRotationRequest"], "RotationPeriodInDays", 90, 2560);
}
