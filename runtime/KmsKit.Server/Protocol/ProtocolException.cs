using System;
using System.Net;

namespace KmsKit.Server.Protocol;

/// <summary>An error the server answers itself, before or around the engine, in AWS's words.</summary>
internal sealed class ProtocolException(string errorCode, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
    : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode Status { get; } = status;

    public static ProtocolException Serialization(string message) => new("SerializationException", message);

    public static ProtocolException Validation(string message) => new("ValidationException", message);

    public static ProtocolException UnknownOperation(string message) => new("UnknownOperationException", message);

    /// <summary>AWS's answer to a request over its quota (docs/server.md, "Request quotas").</summary>
    public static ProtocolException Throttling() =>
        new("ThrottlingException", "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.");

    public static ProtocolException BodyTooLarge(long limit) =>
        new("ValidationException", $"The request body is larger than the limit of {limit} bytes.", HttpStatusCode.RequestEntityTooLarge);
}
