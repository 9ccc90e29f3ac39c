using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsKit.Server.Tests;

/// <summary>
/// With signatures verified, a valid signature opens KMS only when it was made for KMS and covers the host and the
/// operation: signatures the AWS SDK's signer makes for another service or over fewer headers are refused.
/// </summary>
public sealed class SignatureScopeTests(PrincipalsFixture fixture) : IClassFixture<PrincipalsFixture>
{
    private const string CreateKey = "TrentService.CreateKey";

    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task a_request_the_sdk_signs_for_s3_is_refused_and_creates_no_key()
    {
        using var s3Signed = new AmazonKeyManagementServiceClient(
            new BasicAWSCredentials(PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret),
            new AmazonKeyManagementServiceConfig
            {
                ServiceURL = _server.Url,
                AuthenticationRegion = "us-east-1",
                AuthenticationServiceName = "s3",
                MaxErrorRetry = 0,
            });
        var keys = await CountKeysAsync();

        var error = await KmsAssert.ThrowsCode("InvalidSignatureException", () => s3Signed.CreateKeyAsync(new CreateKeyRequest()));

        Assert.Equal("Credential should be scoped to correct service: 'kms'. ", error.Message);
        Assert.Equal(keys, await CountKeysAsync());
    }

    [Fact]
    public async Task a_valid_signature_that_leaves_the_host_unsigned_is_refused()
    {
        using var raw = new RawClient(_server.Url);
        using var request = SignedRequest.Create(
            _server.Url, CreateKey, "{}", PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret, signedHeaders: "content-type;x-amz-date;x-amz-target");
        var keys = await CountKeysAsync();

        var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.Equal("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", response.Message);
        Assert.Equal(keys, await CountKeysAsync());
    }

    [Fact]
    public async Task a_signature_that_leaves_the_target_unsigned_is_refused_so_the_target_cannot_be_swapped_after_signing()
    {
        using var raw = new RawClient(_server.Url);
        // Signed as a harmless ListKeys over host and date only, then sent as CreateKey.
        using var request = SignedRequest.Create(
            _server.Url, "TrentService.ListKeys", "{}", PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret, signedHeaders: "content-type;host;x-amz-date");
        request.Headers.Remove("X-Amz-Target");
        request.Headers.Add("X-Amz-Target", CreateKey);
        var keys = await CountKeysAsync();

        var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.Equal("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", response.Message);
        Assert.Equal(keys, await CountKeysAsync());
    }

    [Fact]
    public async Task a_target_swapped_after_the_sdk_signed_the_request_no_longer_matches_the_signature()
    {
        using var swapping = new AmazonKeyManagementServiceClient(
            new BasicAWSCredentials(PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret),
            new AmazonKeyManagementServiceConfig
            {
                ServiceURL = _server.Url,
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
                HttpClientFactory = new TargetSwappingFactory("TrentService.ListKeys", CreateKey),
            });
        var keys = await CountKeysAsync();

        var error = await KmsAssert.ThrowsCode("InvalidSignatureException", () => swapping.ListKeysAsync(new ListKeysRequest()));

        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.Message);
        Assert.Equal(keys, await CountKeysAsync());
    }

    [Fact]
    public async Task the_same_signatures_made_by_the_sdk_for_kms_are_accepted()
    {
        using var raw = new RawClient(_server.Url);
        using var request = SignedRequest.Create(_server.Url, "TrentService.ListKeys", "{}", PrincipalsFixture.RootKey, PrincipalsFixture.RootSecret);

        var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    private async Task<int> CountKeysAsync()
    {
        using var root = _server.Client(accessKey: PrincipalsFixture.RootKey, secret: PrincipalsFixture.RootSecret);
        return (await root.ListKeysAsync(new ListKeysRequest())).Keys?.Count ?? 0;
    }

    /// <summary>Hands the SDK an HttpClient that changes X-Amz-Target after the SDK has signed the request.</summary>
    private sealed class TargetSwappingFactory(string from, string to) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new TargetSwapper(from, to));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }

    private sealed class TargetSwapper(string from, string to) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.Single() == from)
            {
                request.Headers.Remove("X-Amz-Target");
                request.Headers.Add("X-Amz-Target", to);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
