using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS202: <c>new AmazonKeyManagementServiceClient(...)</c> in a method run per call. Not reported in code that
/// runs once: a constructor, a field or property initializer, <c>Main</c> (top-level statements included), an
/// extension method of a configuration, service-collection or host builder, <c>IHostedService.StartAsync</c>, a
/// private method called once (outside loops and lambdas) from such code, a lambda given to an
/// <c>IServiceCollection.Add*</c> registration or to <c>new Lazy&lt;T&gt;</c>; nor when the client
/// is stored in a field or property (a shared client created on first use), or returned by a method (a factory).
/// A factory of the compilation is judged where it is called: a local client taken from it in a method run per
/// call and used for a KMS call (<c>using var kms = CreateClient();</c>) is reported at the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientPerCallAnalyzer : KmsAnalyzer
{
    private const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";

    /// <summary>The builders that start-up code extends: an extension method of one of them runs once.</summary>
    private static readonly string[] StartupBuilders =
    {
        "IConfigurationBuilder", "IServiceCollection", "IHostBuilder", "IHostApplicationBuilder", "IWebHostBuilder", "WebApplicationBuilder",
    };

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
        var runsOnce = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        bool IsRunPerCall(IMethodSymbol method) =>
            RunsPerCallByItself(method) && !runsOnce.GetOrAdd(method, m => IsCalledOnceFromStartup(symbols.Compilation, m, depth: 0));

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

        var factories = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        KmsSyntaxGate.RegisterInvocation(context, symbols, ImmutableArray<string>.Empty, (gate, call, _) =>
        {
            if (FactoryCallOf(call) is { } factoryCall &&
                gate.ContainingSymbol is IMethodSymbol method &&
                IsRunPerCall(method) &&
                factories.GetOrAdd(factoryCall.TargetMethod.OriginalDefinition, m => CreatesClient(symbols.Compilation, m, client)))
            {
                gate.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KmsClientPerCall, factoryCall.Syntax.GetLocation(), MemberName(method)));
            }
        });
    }

    private static bool RunsPerCallByItself(IMethodSymbol method) =>
        method.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor) &&
        !(method.IsStatic && method.Name is "Main" or "<Main>$") &&
        !(method.IsExtensionMethod && IsStartupBuilder(method.Parameters[0].Type)) &&
        !IsHostedServiceStart(method);

    /// <summary>
    /// A private method whose one call in its type sits, outside any loop or lambda, in code that runs once (<c>Main</c>,
    /// a constructor...), directly or through such methods: it runs once too (<c>static Task Run()</c> called from Main).
    /// </summary>
    private static bool IsCalledOnceFromStartup(Compilation compilation, IMethodSymbol method, int depth)
    {
        const int MaxDepth = 3;
        if (depth > MaxDepth || method.DeclaredAccessibility != Accessibility.Private || method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        IInvocationOperation? only = null;
        IMethodSymbol? caller = null;
        foreach (var member in method.ContainingType.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (var operation in SourceBodies.Of(compilation, member)?.Descendants() ?? [])
            {
                switch (operation)
                {
                    // Handed on as a delegate: who calls it, and how often, is out of sight.
                    case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method):
                        return false;
                    case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method):
                        if (only is not null)
                        {
                            return false;
                        }

                        (only, caller) = (call, member);
                        break;
                }
            }
        }

        return only is not null && !IsRepeated(only) &&
            (!RunsPerCallByItself(caller!) || IsCalledOnceFromStartup(compilation, caller!, depth + 1));
    }

    /// <summary>Inside a loop, a lambda or a local function of its method: it may run more than once.</summary>
    private static bool IsRepeated(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStartupBuilder(ITypeSymbol type) =>
        StartupBuilders.Contains(type.Name) || type.AllInterfaces.Any(i => StartupBuilders.Contains(i.Name));

    /// <summary><c>StartAsync</c> of an <c>IHostedService</c>: it runs once, when the host starts.</summary>
    private static bool IsHostedServiceStart(IMethodSymbol method) =>
        method.Name == "StartAsync" &&
        method.ContainingType.AllInterfaces.Any(i => i.Name == "IHostedService" && i.ContainingNamespace.HasFullName("Microsoft.Extensions.Hosting"));

    /// <summary>
    /// The call of a method of the compilation that gave the client of a KMS call: <c>CreateClient().EncryptAsync(...)</c>,
    /// or a local assigned once from it (<c>using var kms = CreateClient();</c>), reported at its first KMS call only.
    /// </summary>
    private static IInvocationOperation? FactoryCallOf(IInvocationOperation kmsCall)
    {
        var receiver = kmsCall.Instance?.Unwrap();
        if (receiver is ILocalReferenceOperation local)
        {
            var root = local.Root();
            var firstKmsCall = OperationFlow.References(local.Local, root)
                .FirstOrDefault(r => r.Parent is IInvocationOperation { Instance: { } instance } && instance == r);
            if (firstKmsCall != local)
            {
                return null;
            }

            receiver = OperationFlow.SingleValue(local.Local, root)?.Unwrap();
        }

        return receiver is IInvocationOperation { TargetMethod.MethodKind: MethodKind.Ordinary } call && !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty ? call : null;
    }

    /// <summary>True when every value the method returns is a client it creates (<c>=> new AmazonKeyManagementServiceClient(region)</c>).</summary>
    private static bool CreatesClient(Compilation compilation, IMethodSymbol method, INamedTypeSymbol client)
    {
        var returns = SourceBodies.Of(compilation, method)?.Descendants().OfType<IReturnOperation>().Where(r => r.ReturnedValue is not null).ToList();
        return returns is { Count: > 0 } && returns.All(r => r.ReturnedValue!.Unwrap() is IObjectCreationOperation creation && creation.Type.Is(client));
    }

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
