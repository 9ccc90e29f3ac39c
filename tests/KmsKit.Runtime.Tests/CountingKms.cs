using System.Reflection;
using Amazon.KeyManagementService;

namespace KmsKit.Runtime.Tests;

/// <summary>Forwards every call to a real client and counts them by method name.</summary>
public class CountingKms : DispatchProxy
{
    private readonly Dictionary<string, int> _calls = new();
    private IAmazonKeyManagementService _inner = null!;

    public static IAmazonKeyManagementService Wrap(IAmazonKeyManagementService inner)
    {
        var proxy = Create<IAmazonKeyManagementService, CountingKms>();
        ((CountingKms)(object)proxy)._inner = inner;
        return proxy;
    }

    public static int Calls(IAmazonKeyManagementService proxy, string method)
    {
        var counting = (CountingKms)(object)proxy;
        lock (counting._calls)
        {
            return counting._calls.GetValueOrDefault(method);
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        lock (_calls)
        {
            _calls[targetMethod!.Name] = _calls.GetValueOrDefault(targetMethod.Name) + 1;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            throw error.InnerException;
        }
    }
}
