using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS202: <c>new AmazonKeyManagementServiceClient(...)</c> in a method run per call. Not reported in a
/// constructor, a field or property initializer, <c>Main</c> (top-level statements included), a lambda given
/// to an <c>IServiceCollection.Add*</c> registration or to <c>new Lazy&lt;T&gt;</c>, when the client is stored in a
/// field or property (a shared client created on first use), or returned by a method (a factory: how often it
/// runs is unknown).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientPerCallAnalyzer : KmsAnalyzer
{
    private const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";

    public ClientPerCallAnalyzer()
        : base(DiagnosticDescriptors.KmsClientPerCall)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var client = symbols.ServiceType("AmazonKeyManagementServiceClient");
        if (client is null)
        {
            return;
        }

        var services = symbols.Type(ServiceCollection);
        KmsSyntaxGate.RegisterObjectCreation(
            context,
            ImmutableArray.Create(client.Name),
            (nodeContext, creation) =>
            {
                if (creation.Type.Is(client) &&
                    nodeContext.ContainingSymbol is IMethodSymbol method &&
                    IsRunPerCall(method) &&
                    !IsStoredOrReturnedByFactory(creation, method) &&
                    !IsInServiceRegistration(creation, services))
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KmsClientPerCall, creation.Syntax.GetLocation(), MemberName(method)));
                }
            });
    }

    private static bool IsRunPerCall(IMethodSymbol method) =>
        method.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor) &&
        !(method.IsStatic && method.Name is "Main" or "<Main>$");

    /// <summary>Kept in a field or property (a shared client created on first use), or the result of an ordinary method (a factory).</summary>
    private static bool IsStoredOrReturnedByFactory(IObjectCreationOperation creation, IMethodSymbol method)
    {
        IOperation value = creation;
        while (value.Parent is IConversionOperation or IParenthesizedOperation or ICoalesceOperation)
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            IAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
            IReturnOperation => EnclosingLambda(value) is { } lambda ? IsLazyFactory(lambda) : method.MethodKind == MethodKind.Ordinary,
            _ => false,
        };
    }

    private static IAnonymousFunctionOperation? EnclosingLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null and not ILocalFunctionOperation; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return lambda;
            }
        }

        return null;
    }

    /// <summary>A lambda given to <c>new Lazy&lt;T&gt;(...)</c>: it runs once.</summary>
    private static bool IsLazyFactory(IAnonymousFunctionOperation lambda)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
        {
            current = current.Parent;
        }

        return current is IObjectCreationOperation { Type: { Name: "Lazy", ContainingNamespace.Name: "System" } };
    }

    /// <summary>True inside a lambda given to an <c>Add*</c> method of <c>IServiceCollection</c> (or an extension of it).</summary>
    private static bool IsInServiceRegistration(IOperation creation, INamedTypeSymbol? services)
    {
        if (services is null)
        {
            return false;
        }

        for (var current = creation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation invocation &&
                (invocation.TargetMethod.Name.StartsWith("Add", System.StringComparison.Ordinal) ||
                 invocation.TargetMethod.Name.StartsWith("TryAdd", System.StringComparison.Ordinal)) &&
                IsServiceCollection(invocation.Receiver()?.Unwrap().Type, services))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsServiceCollection(ITypeSymbol? type, INamedTypeSymbol services) =>
        type is not null &&
        (SymbolEqualityComparer.Default.Equals(type, services) || type.AllInterfaces.Contains(services, SymbolEqualityComparer.Default));

    private static string MemberName(IMethodSymbol method) =>
        method.AssociatedSymbol?.Name ?? method.Name;
}
