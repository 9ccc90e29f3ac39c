using Microsoft.Extensions.Logging;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>What the KMS keyrings log: operation, key id and error code only, never key material or context values.</summary>
internal static partial class KmsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "KMS {Operation} with key {KeyId} succeeded")]
    public static partial void Called(ILogger logger, string operation, string keyId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "KMS {Operation} with key {KeyId} was refused: {ErrorCode}")]
    public static partial void Refused(ILogger logger, string operation, string keyId, string errorCode);
}
