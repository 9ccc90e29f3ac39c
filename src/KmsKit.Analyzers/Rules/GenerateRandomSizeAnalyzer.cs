using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS002: <c>GenerateRandomRequest.NumberOfBytes</c> constant outside 1..1024.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GenerateRandomSizeAnalyzer : KmsAnalyzer
{
    public GenerateRandomSizeAnalyzer()
        : base(DiagnosticDescriptors.GenerateRandomSizeOutOfRange)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        ConstantRangeRule.Register(context, symbols, DiagnosticDescriptors.GenerateRandomSizeOutOfRange, ["GenerateRandomRequest"], "NumberOfBytes", 1, 1024);
}
