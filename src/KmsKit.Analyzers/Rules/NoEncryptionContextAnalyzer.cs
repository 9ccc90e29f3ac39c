using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS304: <c>Encrypt</c> (symmetric) or <c>GenerateDataKey*</c> whose request, built in the same method, has
/// no <c>EncryptionContext</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoEncryptionContextAnalyzer : KmsAnalyzer
{
    private static readonly ImmutableArray<string> Operations = ImmutableArray.Create(
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext");

    public NoEncryptionContextAnalyzer()
        : base(DiagnosticDescriptors.NoEncryptionContext)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            Operations,
            (nodeContext, invocation, operation) =>
            {
                if (symbols.RequestArgument(invocation) is not { } argument ||
                    RequestShape.Of(argument) is not { } request ||
                    request.Mentions("EncryptionContext") ||
                    request.IsPassedElsewhereThan(argument) ||
                    // Asymmetric Encrypt takes no encryption context at all.
                    (operation == "Encrypt" && !symbols.IsSymmetric(request)))
                {
                    return;
                }

                nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoEncryptionContext, invocation.Syntax.GetLocation(), operation));
            });
}
