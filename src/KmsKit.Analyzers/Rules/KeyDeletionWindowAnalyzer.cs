using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>KMS003: <c>ScheduleKeyDeletionRequest.PendingWindowInDays</c> constant outside 7..30.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyDeletionWindowAnalyzer : KmsAnalyzer
{
    public KeyDeletionWindowAnalyzer()
        : base(DiagnosticDescriptors.KeyDeletionWindowOutOfRange)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        ConstantRangeRule.Register(context, symbols, DiagnosticDescriptors.KeyDeletionWindowOutOfRange, ["ScheduleKeyDeletionRequest"], "PendingWindowInDays", 7, 30);
}
