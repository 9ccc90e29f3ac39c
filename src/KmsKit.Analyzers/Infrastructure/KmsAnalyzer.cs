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
    private const string SdkAssembly = "AWSSDK.KeyManagementService";

    private readonly ImmutableArray<DiagnosticDescriptor> _supported;

    protected KmsAnalyzer(params DiagnosticDescriptor[] supported) => _supported = ImmutableArray.Create(supported);

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supported;

    public sealed override void Initialize(AnalysisContext context)
    {
        // Generated files are not analyzed; code marked [GeneratedCode] is filtered by GateContext (see GeneratedCode).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => RuleRegistration.WhenReferenced(start, SdkAssembly, registration =>
        {
            if (KmsSymbols.TryCreate(registration.Compilation) is { } symbols)
            {
                RegisterActions(registration, symbols);
            }
        }));
    }

    /// <summary>Registers the rule's actions; called once per compilation that references the KMS SDK.</summary>
    private protected abstract void RegisterActions(RuleRegistration context, KmsSymbols symbols);
}
