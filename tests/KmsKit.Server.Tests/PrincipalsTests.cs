using System.Globalization;
using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

public sealed class PrincipalsTests(PrincipalsFixture fixture) : IClassFixture<PrincipalsFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task GoodSignaturesAreAccepted()
    {
        using var kms = _server.Client("eu-central-1", PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret);

        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "signed" })).KeyMetadata;
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1, 2]) })).CiphertextBlob;

        Assert.StartsWith("arn:aws:kms:eu-central-1:111122223333:key/", key.Arn);
        Assert.Equal(new byte[] { 1, 2 }, (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })).Plaintext.ToArray());
    }

    [Fact]
    public async Task UnknownAccessKeysAreUnrecognizedClients()
    {
        using var kms = _server.Client(accessKey: "AKIAUNKNOWN", secret: PrincipalsFixture.RootSecret);

        var error = await KmsAssert.ThrowsCode("UnrecognizedClientException", () => kms.ListKeysAsync(new ListKeysRequest()));

        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task AWrongSecretIsAnInvalidSignature()
    {
        using var kms = _server.Client(accessKey: PrincipalsFixture.RootKey, secret: "not-the-secret");

        var error = await KmsAssert.ThrowsCode("InvalidSignatureException", () => kms.ListKeysAsync(new ListKeysRequest()));

        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.Message);
    }

    [Fact]
    public async Task TheCallerIsTheMappedPrincipal()
    {
        using var kms = _server.Client(accessKey: PrincipalsFixture.AliceKey, secret: PrincipalsFixture.AliceSecret);

        // Alice has no identity policy: an account-level action is hers only through one.
        var error = await KmsAssert.ThrowsCode("AccessDeniedException", () => kms.CreateKeyAsync(new CreateKeyRequest()));

        Assert.StartsWith($"User: {PrincipalsFixture.AliceArn} is not authorized to perform: kms:CreateKey", error.Message);
    }

    [Fact]
    public async Task OldSignaturesHaveExpired()
    {
        var signedAt = DateTime.UtcNow.AddMinutes(-10).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        using var raw = new RawClient(_server.Url);
        using var request = RawClient.Request("TrentService.ListKeys", "{}");
        request.Headers.Add("X-Amz-Date", signedAt);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={PrincipalsFixture.RootKey}/{signedAt[..8]}/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");

        var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.StartsWith($"Signature expired: {signedAt} is now earlier than ", response.Message);
    }

    [Fact]
    public async Task UnsignedRequestsMissTheirToken()
    {
        using var raw = new RawClient(_server.Url);

        var response = await raw.PostAsync("TrentService.ListKeys", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MissingAuthenticationTokenException", response.Type);
    }

    [Fact]
    public async Task OnlyTheRootMayReset()
    {
        using var kms = _server.Client(accessKey: PrincipalsFixture.RootKey, secret: PrincipalsFixture.RootSecret);
        await kms.CreateKeyAsync(new CreateKeyRequest());
        using var raw = new RawClient(_server.Url);
        using var unsigned = ResetRequest();
        using var byAlice = SignedReset(PrincipalsFixture.AliceKey, PrincipalsFixture.AliceSecret);

        var unsignedResponse = await raw.SendAsync(unsigned);
        var aliceResponse = await raw.SendAsync(byAlice);

        Assert.Equal("MissingAuthenticationTokenException", unsignedResponse.Type);
        Assert.Equal(HttpStatusCode.Forbidden, aliceResponse.Status);
        Assert.Equal("Only the root principal of account 111122223333 may reset the server.", aliceResponse.Message);
        Assert.NotEmpty((await kms.ListKeysAsync(new ListKeysRequest())).Keys);

        using var byRoot = SignedReset(PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret);
        Assert.Equal(HttpStatusCode.OK, (await raw.SendAsync(byRoot)).Status);
        Assert.Empty((await kms.ListKeysAsync(new ListKeysRequest())).Keys);
    }

    private static HttpRequestMessage ResetRequest()
    {
        var request = RawClient.Request("KmsKit.Reset", "", "/_kmskit/reset");
        request.Headers.Add("X-KmsKit-Reset", "1");
        return request;
    }

    /// <summary>A reset signed as the SDKs sign: host, date, target and the custom header, over an empty body.</summary>
    private HttpRequestMessage SignedReset(string accessKey, string secret) =>
        SignedRequest.Create(_server.Url, "KmsKit.Reset", "", accessKey, secret, signedHeaders: "host;x-amz-date;x-amz-target;x-kmskit-reset",
            path: "/_kmskit/reset", extraHeaders: new Dictionary<string, string> { ["X-KmsKit-Reset"] = "1" });
}
