using System.Reflection;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// Every operation of <see cref="IAmazonKeyManagementService"/> (the server's OperationCatalog selects the same
/// methods) answers a valid request from <see cref="ValidRequests"/>, except those <see cref="NotAnsweredYet"/> lists.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class OperationCoverageTests(EngineFixture fixture)
{
    /// <summary>Operations that still answer "not supported by the PKCS#11 engine yet"; the list must stay exact.</summary>
    internal static readonly string[] NotAnsweredYet =
    [
        "ConnectCustomKeyStore",
        "CreateCustomKeyStore",
        "DeleteCustomKeyStore",
        "DescribeCustomKeyStores",
        "DisconnectCustomKeyStore",
        "UpdateCustomKeyStore",
        "ReplicateKey",
        "UpdatePrimaryRegion",
        "Encapsulate",
        "Decapsulate",
    ];

    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public void The_table_has_one_valid_request_for_each_of_the_56_operations()
    {
        var operations = Operations();

        Assert.Equal(56, operations.Count);
        Assert.Equal(operations.Order(StringComparer.Ordinal), ValidRequests.ByOperation.Keys.Order(StringComparer.Ordinal));
        Assert.Subset(operations.ToHashSet(StringComparer.Ordinal), NotAnsweredYet.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_operation_answers_a_valid_request_except_those_not_answered_yet()
    {
        var keys = await CoverageKeys.CreateAsync(_kms);
        var failures = new List<string>();

        foreach (var operation in Operations().Except(NotAnsweredYet, StringComparer.Ordinal))
        {
            var error = await ErrorOf(operation, keys);
            if (error is not null)
            {
                failures.Add($"{operation}: {error.GetType().Name}: {error.Message}");
            }
        }

        Assert.True(failures.Count == 0, "Valid requests that failed:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task Operations_not_answered_yet_still_say_so_so_that_the_list_stays_exact()
    {
        var keys = await CoverageKeys.CreateAsync(_kms);
        var failures = new List<string>();

        foreach (var operation in NotAnsweredYet)
        {
            var error = await ErrorOf(operation, keys);
            if (!IsNotSupported(operation, error))
            {
                failures.Add(error is null
                    ? $"{operation} answers now: remove it from NotAnsweredYet"
                    : $"{operation}: {error.GetType().Name}: {error.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The names of the interface's Operation(OperationRequest, CancellationToken) methods, as the server's OperationCatalog finds them.</summary>
    private static List<string> Operations() =>
        typeof(IAmazonKeyManagementService).GetMethods()
            .Where(IsOperation)
            .Select(method => method.Name[..^"Async".Length])
            .ToList();

    private static bool IsOperation(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return method.Name.EndsWith("Async", StringComparison.Ordinal)
            && parameters.Length == 2
            && parameters[0].ParameterType.Name == method.Name[..^"Async".Length] + "Request"
            && typeof(AmazonWebServiceRequest).IsAssignableFrom(parameters[0].ParameterType)
            && parameters[1].ParameterType == typeof(CancellationToken);
    }

    private static bool IsNotSupported(string operation, Exception? error) =>
        error is UnsupportedOperationException && error.Message == $"{operation} is not supported by the PKCS#11 engine yet.";

    private async Task<Exception?> ErrorOf(string operation, CoverageKeys keys)
    {
        try
        {
            await ValidRequests.ByOperation[operation](_kms, keys);
            return null;
        }
        catch (Exception error) // any failure of a valid request is reported with its operation, not thrown
        {
            return error;
        }
    }
}
