using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.Runtime;
using KmsKit.Pkcs11.Engine;
using KmsKit.Server.Engines;
using KmsKit.Server.Identity;
using KmsKit.Server.Quotas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KmsKit.Server.Protocol;

/// <summary>
/// <c>POST /</c>: authenticates the request, finds its operation from X-Amz-Target, reads the body into the
/// SDK's request type, runs it on the caller's engine and writes the response, or the error as AWS would.
/// <c>TrentService.KmsKitSimulatePolicy</c> (<see cref="PolicySimulation"/>) goes the same way.
/// </summary>
internal sealed partial class KmsEndpoint(
    OperationCatalog operations, PolicySimulation simulation, EngineRegistry engines, RequestAuthenticator authenticator, RequestQuotas quotas, ILogger<KmsEndpoint> logger)
{
    /// <summary>AWS KMS's largest request (a 64 KiB ciphertext or policy, base64) fits many times over.</summary>
    public const long MaxRequestBodySize = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (!RequestMediaType.IsAwsJson(context.Request.ContentType))
        {
            await RequestMediaType.RefuseAsync(context.Response).ConfigureAwait(false);
            return;
        }

        var cancellationToken = context.RequestAborted;
        var reader = new ShapeReader();
        byte[]? body = null;
        try
        {
            body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            var caller = authenticator.Authenticate(context.Request, body);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var operation = target == PolicySimulation.Target ? simulation.Operation : operations.Find(target);
            var request = (AmazonWebServiceRequest)reader.ReadRequest(body, operation.RequestType);
            // AWS throttles the calling account (not the key's owner), in the request's region.
            quotas.Take(caller.Principal.AccountId ?? caller.Principal.Arn, caller.Region, QuotaName.Of(operation.Name, request));
            using var lease = engines.Acquire(caller);
            using var transport = KmsRequestContext.Begin(new KmsRequestContext(context.Connection.RemoteIpAddress, context.Request.IsHttps)
            {
                UserAgent = context.Request.Headers.UserAgent is { Count: > 0 } userAgent ? userAgent.ToString() : null,
                RequestId = context.Response.Headers["x-amzn-RequestId"] is { Count: > 0 } requestId ? requestId.ToString() : null,
                AccessKeyId = AccessKeyId(context.Request),
            });
            var response = await operation.Invoke(lease.Engine, request, cancellationToken).ConfigureAwait(false);
            await AwsJsonResponse.WriteResultAsync(context.Response, response, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            await AwsJsonResponse.WriteErrorAsync(context.Response, e.Status, e.ErrorCode, e.Message).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            if (e.Data[Pkcs11Kms.DecidedByDataKey] is string decidedBy)
            {
                LogAccessDenied(logger, context.TraceIdentifier, context.Request.Headers["X-Amz-Target"].ToString(), decidedBy);
            }

            var status = (int)e.StatusCode is >= 400 and < 600 ? e.StatusCode : HttpStatusCode.BadRequest;
            var code = string.IsNullOrEmpty(e.ErrorCode) ? e.GetType().Name : e.ErrorCode;
            await AwsJsonResponse.WriteErrorAsync(context.Response, status, code, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
        }
        catch (Exception e)
        {
            // Never a stack trace on the wire; the log names the failure, and never the request's data.
            LogInternalError(logger, e.GetType().FullName, context.TraceIdentifier, e);
            await AwsJsonResponse.WriteErrorAsync(context.Response, HttpStatusCode.InternalServerError, "KMSInternalException",
                "The server failed to process the request.").ConfigureAwait(false);
        }
        finally
        {
            reader.ZeroBlobs();
            if (body is not null)
            {
                CryptographicOperations.ZeroMemory(body);
            }
        }
    }

    /// <summary>The access key that signed the request (the authenticator has read the header already: it is well-formed), for the audit log.</summary>
    private static string? AccessKeyId(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.Length == 0 ? null : SigV4Authorization.Parse(header).AccessKeyId;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxRequestBodySize)
        {
            throw ProtocolException.BodyTooLarge(MaxRequestBodySize);
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            var body = buffer.ToArray();
            CryptographicOperations.ZeroMemory(buffer.GetBuffer());
            return body;
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ProtocolException.BodyTooLarge(MaxRequestBodySize)
                : ProtocolException.Serialization($"The request body could not be read: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {TraceId} ({Target}) denied; decided by: {DecidedBy}")]
    private static partial void LogAccessDenied(ILogger logger, string traceId, string target, string decidedBy);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {TraceId} failed inside the server: {ExceptionType}")]
    private static partial void LogInternalError(ILogger logger, string? exceptionType, string traceId, Exception exception);
}
