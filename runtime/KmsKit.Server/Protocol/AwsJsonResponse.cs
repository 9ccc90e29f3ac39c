using System.Buffers;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KmsKit.Server.Protocol;

/// <summary>Writes awsJson1_1 responses: a result document, or an error as AWS sends one.</summary>
internal static class AwsJsonResponse
{
    public const string ContentType = "application/x-amz-json-1.1";

    // JSON for API clients, never embedded in HTML: quotes and apostrophes in messages stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Serializes the whole result before anything is sent (a failure can still become an error response, and the
    /// length is known), then zeroes the serialized copy: it may hold plaintext or private keys.
    /// </summary>
    public static async Task WriteResultAsync(HttpResponse response, object result, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                ShapeWriter.WriteStructure(writer, result);
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary><c>{"__type":"NotFoundException","message":"..."}</c> with the status and the x-amzn-ErrorType header.</summary>
    public static async Task WriteErrorAsync(HttpResponse response, HttpStatusCode status, string errorCode, string? message)
    {
        response.StatusCode = (int)status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-ErrorType"] = errorCode;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("__type", errorCode);
        if (!string.IsNullOrEmpty(message))
        {
            writer.WriteString("message", message);
        }

        writer.WriteEndObject();
        await writer.FlushAsync().ConfigureAwait(false);
    }
}
