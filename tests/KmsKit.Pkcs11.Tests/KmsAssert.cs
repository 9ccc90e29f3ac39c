using Amazon.KeyManagementService;

namespace KmsKit.Pkcs11.Tests;

/// <summary>Asserts AWS's exception type, error code and exact message.</summary>
internal static class KmsAssert
{
    public static async Task<T> Throws<T>(string message, Func<Task> operation)
        where T : AmazonKeyManagementServiceException
    {
        var exception = await Assert.ThrowsAsync<T>(operation);
        Assert.Equal(message, exception.Message);
        Assert.Equal(typeof(T) == typeof(AmazonKeyManagementServiceException) ? "ValidationException" : typeof(T).Name, exception.ErrorCode);
        return exception;
    }

    public static Task<AmazonKeyManagementServiceException> Validation(string message, Func<Task> operation) =>
        Throws<AmazonKeyManagementServiceException>(message, operation);
}
