using Amazon.KeyManagementService;

namespace KmsKit.Server.Tests;

/// <summary>Asserts that an error crossed the wire as AWS's exception type, error code and message.</summary>
internal static class KmsAssert
{
    public static async Task<T> Throws<T>(string? message, Func<Task> operation)
        where T : AmazonKeyManagementServiceException
    {
        var exception = await Assert.ThrowsAsync<T>(operation);
        if (message is not null)
        {
            Assert.Equal(message, exception.Message);
        }

        if (typeof(T) != typeof(AmazonKeyManagementServiceException))
        {
            Assert.Equal(typeof(T).Name, exception.ErrorCode);
        }

        Assert.True(Guid.TryParse(exception.RequestId, out _), $"request id '{exception.RequestId}'");
        return exception;
    }

    /// <summary>An error the SDK has no type for (auth errors, validation): the base type with its code.</summary>
    public static async Task<AmazonKeyManagementServiceException> ThrowsCode(string errorCode, Func<Task> operation)
    {
        var exception = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(operation);
        Assert.Equal(errorCode, exception.ErrorCode);
        return exception;
    }
}
