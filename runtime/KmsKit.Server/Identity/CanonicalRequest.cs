using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace KmsKit.Server.Identity;

/// <summary>
/// The SigV4 canonical request of a received HTTP request (method, path, query, the signed headers, the body's
/// SHA-256), which the SDK's signer turns into the signature the client must have sent.
/// </summary>
internal static partial class CanonicalRequest
{
    public static string Of(HttpRequest request, SigV4Authorization authorization, ReadOnlySpan<byte> body)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalPath(request)).Append('\n');
        builder.Append(CanonicalQuery(request)).Append('\n');
        foreach (var name in authorization.SignedHeaders)
        {
            var values = request.Headers[name].Select(value => Whitespace().Replace(value?.Trim() ?? string.Empty, " "));
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(authorization.SignedHeaderList).Append('\n');
        builder.Append(Convert.ToHexString(AWS4Signer.ComputeHash(body.ToArray())).ToLowerInvariant());
        return builder.ToString();
    }

    private static string CanonicalPath(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).Value;
        return string.IsNullOrEmpty(path)
            ? "/"
            : string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.EscapeDataString(segment))));
    }

    private static string CanonicalQuery(HttpRequest request) =>
        string.Join('&', request.Query
            .SelectMany(pair => pair.Value.Select(value => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(value ?? string.Empty)}"))
            .Order(StringComparer.Ordinal));

    [GeneratedRegex(" {2,}")]
    private static partial Regex Whitespace();
}
