using System.Net;
using System.Text;
using System.Text.Json;

namespace KmsKit.Server.Tests;

/// <summary>Requests the SDK would never send, over plain HTTP (unsigned: the local-development server accepts them).</summary>
internal sealed class RawClient(string url) : IDisposable
{
    private const string AwsJson = "application/x-amz-json-1.1";

    private readonly HttpClient _http = new() { BaseAddress = new Uri(url) };

    /// <param name="expectContinue">Waits for the server's go-ahead before sending the body (a body it refuses is then never sent).</param>
    public Task<RawResponse> PostAsync(string? target, string body, string path = "/", bool expectContinue = false) =>
        PostAsync(target, Encoding.UTF8.GetBytes(body), path, expectContinue);

    /// <summary>Sends the body's bytes as they are: they need not be valid UTF-8.</summary>
    public async Task<RawResponse> PostAsync(string? target, byte[] body, string path = "/", bool expectContinue = false)
    {
        using var request = Request(target, body, path);
        request.Headers.ExpectContinue = expectContinue;
        return await SendAsync(request);
    }

    /// <summary>A POST as the SDKs send it (awsJson1_1 content type), for a test to add or change headers.</summary>
    public static HttpRequestMessage Request(string? target, string body, string path = "/") => Request(target, Encoding.UTF8.GetBytes(body), path);

    public static HttpRequestMessage Request(string? target, byte[] body, string path = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(AwsJson);
        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        return request;
    }

    /// <summary>Reads a JSON answer into <see cref="RawResponse.Body"/>; any other one only into <see cref="RawResponse.Text"/>.</summary>
    public async Task<RawResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new RawResponse(
            response.StatusCode,
            text.Length == 0 || response.Content.Headers.ContentType?.MediaType != AwsJson ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null,
            text);
    }

    public async Task<int> CountKeysAsync()
    {
        var response = await PostAsync("TrentService.ListKeys", """{"Limit":1000}""");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body.GetProperty("Keys").GetArrayLength();
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record RawResponse(HttpStatusCode Status, JsonElement Body, string? RequestId, string Text)
{
    public string? Type => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("__type", out var type) ? type.GetString() : null;

    public string? Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var message) ? message.GetString() : null;
}
