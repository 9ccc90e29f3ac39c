using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS203: a Lambda handler or controller action that decrypts, on every invocation, a ciphertext read from
/// configuration or an environment variable: itself, or through a helper method of the same file that it calls
/// (AWS's Lambda console template: <c>await DecodeEnvVar("KEY")</c> in the handler), reported at that call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantCiphertextDecryptAnalyzer : KmsAnalyzer
{
    private const string ConfigurationNamespace = "Microsoft.Extensions.Configuration";

    public ConstantCiphertextDecryptAnalyzer()
        : base(DiagnosticDescriptors.ConstantCiphertextDecryptedPerInvocation)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Decrypt"),
            (nodeContext, invocation, _) =>
            {
                if (nodeContext.ContainingSymbol is not IMethodSymbol method ||
                    symbols.RequestArgument(invocation) is not { } argument ||
                    RequestShape.Of(argument)?.Value("CiphertextBlob") is not { } ciphertext ||
                    !IsFromConfiguration(ciphertext, depth: 0))
                {
                    return;
                }

                if (IsPerRequest(method))
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ConstantCiphertextDecryptedPerInvocation,
                        invocation.Syntax.GetLocation(),
                        method.Name));
                    return;
                }

                foreach (var (call, handler) in PerRequestCallers(nodeContext, method))
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConstantCiphertextDecryptedPerInvocation, call.GetLocation(), handler.Name));
                }
            });

    /// <summary>The calls of a private helper, in the file being analyzed, made by a method that runs per request.</summary>
    private static IEnumerable<(SyntaxNode Call, IMethodSymbol Handler)> PerRequestCallers(GateContext context, IMethodSymbol helper)
    {
        if (helper.DeclaredAccessibility != Accessibility.Private || helper.MethodKind != MethodKind.Ordinary)
        {
            yield break;
        }

        var model = context.SemanticModel;
        foreach (var node in SyntaxIndex.Of(model, context.CancellationToken).Invocations(helper.Name))
        {
            if (model.GetOperation(node, context.CancellationToken) is IInvocationOperation call &&
                SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, helper) &&
                model.GetEnclosingSymbol(node.SpanStart, context.CancellationToken) is IMethodSymbol caller &&
                IsPerRequest(caller))
            {
                yield return (node, caller);
            }
        }
    }

    /// <summary>
    /// An instance method that runs once per request: a Lambda handler (it takes an ILambdaContext) or a
    /// public action of a controller (a class deriving from ControllerBase) not marked [NonAction].
    /// </summary>
    private static bool IsPerRequest(IMethodSymbol method)
    {
        if (method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type is { Name: "ILambdaContext" } type && type.ContainingNamespace.HasFullName("Amazon.Lambda.Core"))
            {
                return true;
            }
        }

        if (method.DeclaredAccessibility != Accessibility.Public ||
            method.GetAttributes().Any(a => a.AttributeClass?.Name == "NonActionAttribute"))
        {
            return false;
        }

        for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            if (type.Name == "ControllerBase")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the value is read from configuration: <c>Environment.GetEnvironmentVariable</c>,
    /// <c>IConfiguration</c> (indexer, <c>GetValue</c>, <c>GetSection(...).Value</c>, ...) or
    /// <c>ConfigurationManager.AppSettings</c>, possibly through <c>Convert.FromBase64String</c> and <c>new MemoryStream</c>.
    /// </summary>
    private static bool IsFromConfiguration(IOperation operation, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        switch (operation.Resolve())
        {
            case IObjectCreationOperation { Type.Name: "MemoryStream", Arguments.Length: > 0 } stream:
                return IsFromConfiguration(stream.Arguments[0].Value, depth + 1);
            case ICoalesceOperation coalesce:
                return IsFromConfiguration(coalesce.Value, depth + 1);
            case IInvocationOperation call:
                var type = call.TargetMethod.ContainingType;
                if (type.Name == "Convert" && call.TargetMethod.Name == "FromBase64String")
                {
                    return IsFromConfiguration(call.Arguments[0].Value, depth + 1);
                }

                return (type.Name == "Environment" && call.TargetMethod.Name == "GetEnvironmentVariable" && IsSystem(type)) ||
                    IsConfigurationType(type);
            case IPropertyReferenceOperation property:
                return IsConfigurationType(property.Property.ContainingType) ||
                    (property.Instance?.Unwrap() is IPropertyReferenceOperation { Property: { Name: "AppSettings", ContainingType.Name: "ConfigurationManager" } });
            default:
                return false;
        }
    }

    private static bool IsSystem(INamedTypeSymbol type) => type.ContainingNamespace.HasFullName("System");

    private static bool IsConfigurationType(INamedTypeSymbol type) => type.ContainingNamespace.HasFullName(ConfigurationNamespace);
}
