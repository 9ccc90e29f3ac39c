using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The shape every KmsKit analyzer shares: no generated code, concurrent execution, SDK types resolved
/// once per compilation, and nothing at all registered when AWSSDK.KeyManagementService is absent.
/// </summary>
public abstract class KmsAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<DiagnosticDescriptor> _supported;

    protected KmsAnalyzer(params DiagnosticDescriptor[] supported) => _supported = ImmutableArray.Create(supported);

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supported;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KmsSymbols.TryCreate(start.Compilation);
            if (symbols is not null)
            {
                OnCompilationStart(start, symbols);
            }
        });
    }

    /// <summary>Registers the rule's actions; called only when the KMS SDK is referenced.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, KmsSymbols symbols);
}
