using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ResetTests(ServerFixture fixture) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();
    private readonly AmazonKeyManagementServiceClient _west = fixture.Server.Client("eu-west-1");
    private readonly RawClient _raw = new(fixture.Server.Url);

    [Fact]
    public async Task ResetEmptiesEveryRegion()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/before-reset", TargetKeyId = key.KeyId });
        await _west.CreateKeyAsync(new CreateKeyRequest());

        using var request = RawClient.Request(target: null, "", path: "/_kmskit/reset");
        request.Headers.Add("X-KmsKit-Reset", "1");
        var reset = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Empty((await _kms.ListKeysAsync(new ListKeysRequest())).Keys);
        Assert.Empty((await _west.ListKeysAsync(new ListKeysRequest())).Keys);
        Assert.Empty((await _kms.ListAliasesAsync(new ListAliasesRequest())).Aliases);
        await KmsAssert.Throws<NotFoundException>(null, () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }));
        var after = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = after.KeyId, Plaintext = new MemoryStream([1]) })).CiphertextBlob;
        Assert.Equal(new byte[] { 1 }, (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })).Plaintext.ToArray());
    }

    [Fact]
    public async Task ACrossSiteResetWithoutTheCustomHeaderIsRefused()
    {
        await _kms.CreateKeyAsync(new CreateKeyRequest());
        var keys = await _raw.CountKeysAsync();
        // What a web page can send without a CORS preflight: a form or text/plain POST, no custom header.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_kmskit/reset") { Content = new StringContent("x=1") };
        request.Headers.Add("Origin", "http://attacker.example");

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("AccessDeniedException", response.Type);
        Assert.Equal("A reset needs the header 'X-KmsKit-Reset: 1'.", response.Message);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    public void Dispose()
    {
        _kms.Dispose();
        _west.Dispose();
        _raw.Dispose();
    }
}
