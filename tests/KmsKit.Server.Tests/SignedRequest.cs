using System.Globalization;
using Amazon.Runtime.Internal.Auth;

namespace KmsKit.Server.Tests;

/// <summary>
/// A POST signed with the AWS SDK's own SigV4 signer (<see cref="AWS4Signer"/>) over the headers and for the service a
/// test chooses: a valid signature of a request the SDK itself would never sign so.
/// </summary>
internal static class SignedRequest
{
    public const string AllHeaders = "content-type;host;x-amz-date;x-amz-target";

    /// <param name="signedHeaders">Lower-case names in order, separated by ';'; each is signed with the value sent.</param>
    /// <param name="extraHeaders">Headers sent besides Content-Type, Host, X-Amz-Date and X-Amz-Target.</param>
    public static HttpRequestMessage Create(
        string serverUrl, string? target, string body, string accessKey, string secret,
        string service = "kms", string signedHeaders = AllHeaders, string path = "/", IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        var request = RawClient.Request(target, body, path);
        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Add("X-Amz-Date", date);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = request.Content!.Headers.ContentType!.ToString(),
            ["host"] = new Uri(serverUrl).Authority,
            ["x-amz-date"] = date,
        };
        if (target is not null)
        {
            values["x-amz-target"] = target;
        }

        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
            values[name.ToLowerInvariant()] = value;
        }

        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(name => $"{name}:{values[name]}\n"));
        var payloadHash = Convert.ToHexString(AWS4Signer.ComputeHash(System.Text.Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        var canonical = $"POST\n{path}\n\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var signature = AWS4Signer.ComputeSignature(accessKey, secret, "us-east-1", now, service, signedHeaders, canonical).Signature;
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{date[..8]}/us-east-1/{service}/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }
}
