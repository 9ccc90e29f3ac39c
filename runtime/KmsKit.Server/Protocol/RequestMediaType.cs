using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace KmsKit.Server.Protocol;

/// <summary>
/// KMS reads only <c>application/x-amz-json-1.1</c> bodies. Refusing any other type also refuses the bodies a web
/// page may send cross-site without a CORS preflight (text/plain, forms).
/// </summary>
internal static class RequestMediaType
{
    // AWS answers a request of another type as an operation it does not know, in XML since the client did not ask for JSON.
    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes("<UnknownOperationException/>\n");

    public static bool IsAwsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, AwsJsonResponse.ContentType, StringComparison.OrdinalIgnoreCase);

    public static async Task RefuseAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "application/xml";
        response.Headers["x-amzn-ErrorType"] = "UnknownOperationException";
        await response.Body.WriteAsync(Refusal).ConfigureAwait(false);
    }
}
