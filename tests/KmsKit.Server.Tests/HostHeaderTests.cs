using System.Net;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class HostHeaderTests(ServerFixture fixture) : IDisposable
{
    private readonly RawClient _raw = new(fixture.Server.Url);

    [Fact]
    public async Task ADnsRebindingRequestIsRefused()
    {
        var keys = await _raw.CountKeysAsync();
        using var request = RawClient.Request("TrentService.CreateKey", "{}");
        request.Headers.Host = "attacker.example:" + new Uri(fixture.Server.Url).Port;

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidHostException", response.Type);
        Assert.StartsWith("The Host header names 'attacker.example', which this server does not answer to: it answers to 127.0.0.1, localhost;", response.Message);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    public async Task TheBoundAddressAndLocalhostAreServed(string host)
    {
        using var request = RawClient.Request("TrentService.ListKeys", "{}");
        request.Headers.Host = host + ":" + new Uri(fixture.Server.Url).Port;

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task AnAllowedHostIsServed()
    {
        using var server = new ServerProcess("--allowed-host", "kms.test", "--allowed-host", "other.test");
        using var raw = new RawClient(server.Url);
        using var request = RawClient.Request("TrentService.CreateKey", "{}");
        request.Headers.Host = "kms.test:" + new Uri(server.Url).Port;
        using var refused = RawClient.Request("TrentService.CreateKey", "{}");
        refused.Headers.Host = "kms.test.attacker.example";

        Assert.Equal(HttpStatusCode.OK, (await raw.SendAsync(request)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await raw.SendAsync(refused)).Status);
        using var kms = server.Client();
        Assert.Single((await kms.ListKeysAsync(new ListKeysRequest())).Keys);
    }

    public void Dispose() => _raw.Dispose();
}
