using System.Net;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task SigtermStopsTheServerCleanly()
    {
        using var server = new ServerProcess();
        using (var kms = server.Client())
        {
            await kms.CreateKeyAsync(new CreateKeyRequest());
        }

        Assert.Equal(0, server.Stop());
        // Only the start's line that any caller is the root: nothing about the stop.
        Assert.DoesNotContain(server.StandardError, line => line.Length > 0 && !line.StartsWith("kmskit serve: no --principals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestsUnderWayWhenStoppedGetWholeAnswers()
    {
        using var server = new ServerProcess();
        using var raw = new RawClient(server.Url);
        var key = (await raw.PostAsync("TrentService.CreateKey", "{}")).Body.GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
        var answered = 0;
        using var stopping = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                RawResponse response;
                try
                {
                    response = await raw.PostAsync("TrentService.GenerateDataKey", $$"""{"KeyId":"{{key}}","KeySpec":"AES_256"}""");
                }
                catch (HttpRequestException) when (stopping.IsCancellationRequested)
                {
                    return; // refused or closed once the server is stopping: never a half answer
                }

                Assert.Equal(HttpStatusCode.OK, response.Status);
                Assert.Equal(32, response.Body.GetProperty("Plaintext").GetBytesFromBase64().Length);
                Interlocked.Increment(ref answered);
            }
        })).ToArray();
        await Task.Delay(500);
        await stopping.CancelAsync();
        var exitCode = server.Stop();
        await Task.WhenAll(clients);

        Assert.Equal(0, exitCode);
        Assert.True(answered > 0);
    }
}
