using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace KmsKit.Server.Protocol;

/// <summary>
/// Every operation of <see cref="IAmazonKeyManagementService"/>, found from its
/// <c>&lt;Operation&gt;Async(&lt;Operation&gt;Request, CancellationToken)</c> methods, by the name that follows
/// <c>TrentService.</c> in X-Amz-Target.
/// </summary>
internal sealed class OperationCatalog
{
    public const string TargetPrefix = "TrentService.";

    private static readonly MethodInfo BindMethod = typeof(OperationCatalog).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Dictionary<string, KmsOperation> _operations;

    public OperationCatalog()
    {
        _operations = typeof(IAmazonKeyManagementService).GetMethods()
            .Where(IsOperation)
            .Select(Describe)
            .ToDictionary(operation => operation.Name, StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _operations.Keys;

    /// <summary>The operation an X-Amz-Target header names.</summary>
    public KmsOperation Find(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw ProtocolException.UnknownOperation("The request has no X-Amz-Target header.");
        }

        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal)
            || !_operations.TryGetValue(target[TargetPrefix.Length..], out var operation))
        {
            throw ProtocolException.UnknownOperation($"Unknown operation {target}.");
        }

        return operation;
    }

    private static bool IsOperation(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return method.Name.EndsWith("Async", StringComparison.Ordinal)
            && parameters.Length == 2
            && parameters[0].ParameterType.Name == method.Name[..^"Async".Length] + "Request"
            && typeof(AmazonWebServiceRequest).IsAssignableFrom(parameters[0].ParameterType)
            && parameters[1].ParameterType == typeof(CancellationToken);
    }

    private static KmsOperation Describe(MethodInfo method)
    {
        var requestType = method.GetParameters()[0].ParameterType;
        var responseType = method.ReturnType.GetGenericArguments()[0];
        var invoke = (Func<IAmazonKeyManagementService, AmazonWebServiceRequest, CancellationToken, Task<AmazonWebServiceResponse>>)
            BindMethod.MakeGenericMethod(requestType, responseType).Invoke(null, [method])!;
        return new KmsOperation(method.Name[..^"Async".Length], requestType, invoke);
    }

    private static Func<IAmazonKeyManagementService, AmazonWebServiceRequest, CancellationToken, Task<AmazonWebServiceResponse>> Bind<TRequest, TResponse>(
        MethodInfo method)
        where TRequest : AmazonWebServiceRequest
        where TResponse : AmazonWebServiceResponse
    {
        var call = method.CreateDelegate<Func<IAmazonKeyManagementService, TRequest, CancellationToken, Task<TResponse>>>();
        return async (engine, request, cancellationToken) => await call(engine, (TRequest)request, cancellationToken).ConfigureAwait(false);
    }
}
