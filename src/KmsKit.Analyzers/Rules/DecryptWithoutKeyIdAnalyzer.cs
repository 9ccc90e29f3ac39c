using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS303: a symmetric <c>Decrypt</c> whose request, built in the same method, never sets <c>KeyId</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DecryptWithoutKeyIdAnalyzer : KmsAnalyzer
{
    public DecryptWithoutKeyIdAnalyzer()
        : base(DiagnosticDescriptors.DecryptWithoutKeyId)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Decrypt"),
            (nodeContext, invocation, _) =>
            {
                if (symbols.RequestArgument(invocation) is not { } argument ||
                    RequestShape.Of(argument) is not { } request ||
                    request.Mentions("KeyId") ||
                    request.IsPassedElsewhereThan(argument) ||
                    !symbols.IsSymmetric(request))
                {
                    return;
                }

                nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DecryptWithoutKeyId, invocation.Syntax.GetLocation()));
            });
}
