using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS102: a plaintext data key (or a copy) written to a log, turned into a string, stored in a field or
/// property, or serialized.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlaintextDataKeyLeakAnalyzer : KmsAnalyzer
{
    private const string KmsModelNamespace = "Amazon.KeyManagementService.Model";

    public PlaintextDataKeyLeakAnalyzer()
        : base(DiagnosticDescriptors.PlaintextDataKeyLeaves)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        PlaintextKeySources.Register(context, symbols, static (block, flow) =>
        {
            foreach (var buffer in flow.Buffers)
            {
                if (!buffer.IsKeyMaterial)
                {
                    continue;
                }

                foreach (var use in buffer.Uses)
                {
                    if (Leak(use) is { } leak)
                    {
                        block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PlaintextDataKeyLeaves, use.Site.Syntax.GetLocation(), buffer.DisplayName, leak));
                    }
                }
            }
        });

    /// <summary>How the use lets the key out of memory ("written to a log by LogInformation"), or null.</summary>
    private static string? Leak(PlaintextUse use)
    {
        if (use.Kind == PlaintextUseKind.Store)
        {
            var member = ((IMemberReferenceOperation)((IAssignmentOperation)use.Site.Parent!).Target).Member;
            return member.ContainingNamespace.HasFullName(KmsModelNamespace)
                ? null
                : $"stored in the {(member is IFieldSymbol ? "field" : "property")} '{member.Name}'";
        }

        return Argument(use.Site)?.Parameter?.ContainingSymbol is IMethodSymbol method ? Sink(method) : null;
    }

    /// <summary>The argument the value is passed as, through a <c>params</c> array (<c>logger.LogDebug("{Key}", key)</c>).</summary>
    private static IArgumentOperation? Argument(IOperation site)
    {
        var parent = site.Parent;
        if (parent is IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true } array })
        {
            parent = array.Parent;
        }

        return parent as IArgumentOperation;
    }

    private static string? Sink(IMethodSymbol method)
    {
        var type = method.ContainingType;
        var typeName = type.Name;
        var name = typeName + "." + method.Name;
        var ns = type.ContainingNamespace;
        if ((ns.HasFullName("System") && ((typeName == "Convert" && (method.Name.Contains("Base64") || method.Name.StartsWith("ToHexString", System.StringComparison.Ordinal))) ||
                                (typeName == "BitConverter" && method.Name == "ToString"))) ||
            (method.Name is "GetString" or "GetChars" && type.InheritsFrom("System.Text.Encoding")))
        {
            return "turned into a string by " + name;
        }

        if (ns.HasFullName("Microsoft.Extensions.Logging") || ns.HasFullName("Amazon.Lambda.Core") ||
            (ns.HasFullName("System") && typeName == "Console" && method.Name.StartsWith("Write", System.StringComparison.Ordinal)) ||
            (ns.HasFullName("System.Diagnostics") && typeName is "Debug" or "Trace"))
        {
            return "written to a log by " + name;
        }

        if (method.Name.StartsWith("Serialize", System.StringComparison.Ordinal) && (typeName.EndsWith("Serializer", System.StringComparison.Ordinal) || typeName == "JsonConvert"))
        {
            return "serialized by " + name;
        }

        return null;
    }
}
