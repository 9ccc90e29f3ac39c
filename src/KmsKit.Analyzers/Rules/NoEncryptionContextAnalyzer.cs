using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS304: <c>Encrypt</c> (symmetric) or <c>GenerateDataKey*</c> whose request, built in the same method, has
/// no <c>EncryptionContext</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoEncryptionContextAnalyzer : KmsAnalyzer
{
    private static readonly ImmutableHashSet<string> Operations = ImmutableHashSet.Create(
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext");

    public NoEncryptionContextAnalyzer()
        : base(DiagnosticDescriptors.NoEncryptionContext)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KmsSymbols symbols) =>
        context.RegisterOperationAction(
            operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                if (symbols.OperationName(invocation.TargetMethod) is not { } operation ||
                    !Operations.Contains(operation) ||
                    symbols.RequestArgument(invocation) is not { } argument ||
                    RequestShape.Of(argument) is not { } request ||
                    request.Mentions("EncryptionContext") ||
                    request.IsPassedElsewhereThan(argument) ||
                    // Asymmetric Encrypt takes no encryption context at all.
                    (operation == "Encrypt" && !symbols.IsSymmetric(request)))
                {
                    return;
                }

                operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoEncryptionContext, invocation.Syntax.GetLocation(), operation));
            },
            OperationKind.Invocation);
}
