using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The AWS SDK types the rules look for, resolved once per compilation and shared by every analyzer.
/// <see cref="TryCreate"/> returns null when AWSSDK.KeyManagementService is not referenced, and the analyzers then
/// register nothing.
/// </summary>
internal sealed class KmsSymbols
{
    private const string ServiceNamespace = "Amazon.KeyManagementService";
    private const string ModelNamespace = "Amazon.KeyManagementService.Model";

    private static readonly ConditionalWeakTable<Compilation, StrongBox<KmsSymbols?>> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _isKmsClient = new(SymbolEqualityComparer.Default);

    private KmsSymbols(Compilation compilation, INamedTypeSymbol service)
    {
        _compilation = compilation;
        Service = service;
    }

    /// <summary><c>Amazon.KeyManagementService.IAmazonKeyManagementService</c>.</summary>
    public INamedTypeSymbol Service { get; }

    public Compilation Compilation => _compilation;

    public static KmsSymbols? TryCreate(Compilation compilation) =>
        Cache.GetValue(compilation, c => new StrongBox<KmsSymbols?>(Create(c))).Value;

    private static KmsSymbols? Create(Compilation compilation)
    {
        var service = compilation.GetTypeByMetadataName(ServiceNamespace + ".IAmazonKeyManagementService");
        return service is null ? null : new KmsSymbols(compilation, service);
    }

    /// <summary>A type of <c>Amazon.KeyManagementService.Model</c>, e.g. <c>EncryptRequest</c>.</summary>
    public INamedTypeSymbol? ModelType(string name) => SdkType(ModelNamespace + "." + name);

    /// <summary>A type of <c>Amazon.KeyManagementService</c>, e.g. <c>DataKeySpec</c>.</summary>
    public INamedTypeSymbol? ServiceType(string name) => SdkType(ServiceNamespace + "." + name);

    /// <summary>A type of the KMS SDK's assembly: looked up there alone, not in each of the compilation's references.</summary>
    private INamedTypeSymbol? SdkType(string metadataName) =>
        _types.GetOrAdd(metadataName, n => Service.ContainingAssembly.GetTypeByMetadataName(n));

    /// <summary>Any type by metadata name (BCL types the rules meet: AesGcm, File, ...), cached.</summary>
    public INamedTypeSymbol? Type(string metadataName) =>
        _types.GetOrAdd(metadataName, n => _compilation.GetTypeByMetadataName(n));

    /// <summary>
    /// True for the KMS operation <paramref name="operation"/> (e.g. "Encrypt") called on
    /// IAmazonKeyManagementService or a type implementing it, in its async (net8+) or sync (net472) form.
    /// </summary>
    public bool IsOperation(IMethodSymbol method, string operation)
    {
        var name = method.Name;
        if (!(name.Length == operation.Length || name.Length == operation.Length + 5) ||
            !name.StartsWith(operation, System.StringComparison.Ordinal) ||
            (name.Length > operation.Length && !name.EndsWith("Async", System.StringComparison.Ordinal)))
        {
            return false;
        }

        return IsKmsClient(method.ContainingType);
    }

    /// <summary>The KMS operation name of a call on a KMS client ("EncryptAsync" gives "Encrypt"), or null.</summary>
    public string? OperationName(IMethodSymbol method)
    {
        if (!IsKmsClient(method.ContainingType))
        {
            return null;
        }

        var name = method.Name;
        return name.EndsWith("Async", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;
    }

    /// <summary>True for IAmazonKeyManagementService and every type that implements it.</summary>
    public bool IsKmsClient(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        return _isKmsClient.GetOrAdd(type, t =>
            SymbolEqualityComparer.Default.Equals(t, Service) ||
            t.AllInterfaces.Contains(Service, SymbolEqualityComparer.Default));
    }

    /// <summary>The request argument of a KMS call (<c>kms.DecryptAsync(request, token)</c> gives <c>request</c>), or null.</summary>
    public IOperation? RequestArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is INamedTypeSymbol type &&
                type.ContainingNamespace.HasFullName(ModelNamespace) &&
                type.Name.EndsWith("Request", System.StringComparison.Ordinal))
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the request uses the symmetric algorithm: <c>EncryptionAlgorithm</c> unset or SYMMETRIC_DEFAULT.
    /// False when it names another algorithm, or one known only at run time.
    /// </summary>
    public bool IsSymmetric(RequestShape request) =>
        !request.Mentions("EncryptionAlgorithm") ||
        (request.Value("EncryptionAlgorithm") is { } algorithm &&
         algorithm.IsStaticField(ServiceType("EncryptionAlgorithmSpec"), "SYMMETRIC_DEFAULT", "SYMMETRIC_DEFAULT"));
}
