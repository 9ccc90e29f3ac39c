using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS002: <c>GenerateRandomRequest.NumberOfBytes</c> constant outside 1..1024, or such a constant given to the
/// <c>GenerateRandomAsync(int? numberOfBytes)</c> overload.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GenerateRandomSizeAnalyzer : KmsAnalyzer
{
    public GenerateRandomSizeAnalyzer()
        : base(DiagnosticDescriptors.GenerateRandomSizeOutOfRange)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        ConstantRangeRule.Register(context, symbols, DiagnosticDescriptors.GenerateRandomSizeOutOfRange, ["GenerateRandomRequest"], "NumberOfBytes", 1, 1024, sizeOverload: "GenerateRandom");
}
