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

    public static async Task WriteResultAsync(HttpResponse response, object result, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        ShapeWriter.WriteStructure(writer, result);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
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
