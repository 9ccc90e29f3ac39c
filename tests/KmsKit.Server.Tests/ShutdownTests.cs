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
        Assert.DoesNotContain(server.StandardError, line => line.Length > 0);
    }
}
