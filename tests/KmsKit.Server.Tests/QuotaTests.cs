using System.Net;
using System.Runtime.Versioning;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsKit.Server.Tests;

/// <summary><c>kmskit serve --quotas</c>: throttling as AWS KMS throttles, seen through the AWS SDK for .NET.</summary>
[Collection(ServerCollection.Name)]
[SupportedOSPlatform("linux")] // the fixtures' files have POSIX modes; the server runs on Linux (SoftHSM2)
public sealed class QuotaTests(QuotaFixture quotas, ServerFixture unthrottled) : IClassFixture<QuotaFixture>
{
    private const string AwsMessage = "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

    [Fact]
    public async Task a_burst_over_the_symmetric_quota_gets_aws_throttling_exception()
    {
        using var kms = quotas.Server.Client("us-west-2", QuotaFixture.RootKey, QuotaFixture.RootSecret);
        var keyId = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;

        var throttled = await BurstUntilThrottledAsync(() => kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1]) }));

        Assert.Equal("ThrottlingException", throttled.ErrorCode);
        Assert.Equal(AwsMessage, throttled.Message);
        Assert.Equal(HttpStatusCode.BadRequest, throttled.StatusCode);
    }

    [Fact]
    public async Task the_sdk_standard_retry_gets_a_throttled_burst_through()
    {
        using var kms = new AmazonKeyManagementServiceClient(
            new BasicAWSCredentials(QuotaFixture.RootKey, QuotaFixture.RootSecret),
            new AmazonKeyManagementServiceConfig
            {
                ServiceURL = quotas.Server.Url,
                AuthenticationRegion = "ca-central-1",
                RetryMode = RequestRetryMode.Standard,
                MaxErrorRetry = 10,
            });
        using var noRetry = quotas.Server.Client("ca-central-1", QuotaFixture.RootKey, QuotaFixture.RootSecret);
        var keyId = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;
        await BurstUntilThrottledAsync(() => noRetry.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([0]) }));

        // The bucket is empty, and three times its size at once: the first attempts are throttled, and the SDK's backoff spreads them out.
        var burst = Enumerable.Range(0, 3 * QuotaFixture.SymmetricRate)
            .Select(i => kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([(byte)i]) }));
        var responses = await Task.WhenAll(burst);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode));
    }

    [Fact]
    public async Task rsa_keys_have_their_own_shared_quota()
    {
        using var kms = quotas.Server.Client("sa-east-1", QuotaFixture.RootKey, QuotaFixture.RootSecret);
        var rsaKeyId = (await kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.ENCRYPT_DECRYPT })).KeyMetadata.KeyId;
        var rsaEncrypt = () => kms.EncryptAsync(new EncryptRequest
        {
            KeyId = rsaKeyId,
            EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
            Plaintext = new MemoryStream([2]),
        });

        await BurstUntilThrottledAsync(() => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 }));

        Assert.Equal(HttpStatusCode.OK, (await rsaEncrypt()).HttpStatusCode);
        var throttled = await BurstUntilThrottledAsync(rsaEncrypt);
        Assert.Equal(AwsMessage, throttled.Message);
    }

    [Fact]
    public async Task another_region_is_not_throttled_by_the_first_regions_use()
    {
        using var first = quotas.Server.Client("eu-west-1", QuotaFixture.RootKey, QuotaFixture.RootSecret);
        using var second = quotas.Server.Client("eu-central-1", QuotaFixture.RootKey, QuotaFixture.RootSecret);

        await BurstUntilThrottledAsync(() => first.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 }));

        await GenerateRandomWithinTheBucketAsync(second);
    }

    [Fact]
    public async Task another_account_is_not_throttled_by_the_first_accounts_use()
    {
        using var root = quotas.Server.Client("ap-northeast-1", QuotaFixture.RootKey, QuotaFixture.RootSecret);
        using var otherAccount = quotas.Server.Client("ap-northeast-1", QuotaFixture.OtherAccountKey, QuotaFixture.OtherAccountSecret);

        await BurstUntilThrottledAsync(() => root.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 }));

        await GenerateRandomWithinTheBucketAsync(otherAccount);
    }

    [Fact]
    public async Task without_quotas_requests_over_aws_rates_are_not_throttled()
    {
        // AWS allows GetParametersForImport once in 4 seconds: --quotas aws refuses the second call (see below).
        using var kms = unthrottled.Server.Client();
        var keyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata.KeyId;

        for (var call = 0; call < 3; call++)
        {
            var parameters = await kms.GetParametersForImportAsync(ImportParameters(keyId));
            Assert.Equal(HttpStatusCode.OK, parameters.HttpStatusCode);
        }
    }

    [Fact]
    public async Task the_aws_quotas_allow_get_parameters_for_import_once_in_four_seconds()
    {
        using var server = new ServerProcess("--quotas", "aws");
        using var kms = server.Client();
        var keyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata.KeyId;
        var request = ImportParameters(keyId);

        await kms.GetParametersForImportAsync(request);
        var throttled = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => kms.GetParametersForImportAsync(request));

        Assert.Equal("ThrottlingException", throttled.ErrorCode);
        Assert.Equal(AwsMessage, throttled.Message);
    }

    [Theory]
    [InlineData("""{ "quotas": { "Symetric": 5 } }""", "'Symetric' is not a quota name; the names are ")]
    [InlineData("""{ "quotas": { "CreateKey": 0 } }""", "quota 'CreateKey' must be a number of requests per second above 0 and at most 1000000, not 0.")]
    [InlineData("""{ "quotas": { "Rsa": "fast" } }""", "quota 'Rsa' must be a number of requests per second above 0 and at most 1000000, not \"fast\".")]
    [InlineData("""{ "Symmetric": 5 }""", "expected {\"quotas\": {\"NAME\": requests per second, ...}}.")]
    [InlineData("""{ "quotas": """, "not JSON: ")]
    public async Task a_bad_quotas_file_is_refused_at_start_in_one_line_naming_the_entry(string content, string reason)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, content);

            var (exitCode, output, error) = await KmsKitTool.RunAsync("serve", "--ephemeral", "--port", "0", "--quotas", file);

            Assert.Equal(1, exitCode);
            Assert.Empty(output);
            var line = Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith($"kmskit serve: {file}: ", line, StringComparison.Ordinal);
            Assert.Contains(reason, line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static GetParametersForImportRequest ImportParameters(string keyId) => new()
    {
        KeyId = keyId,
        WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
        WrappingKeySpec = WrappingKeySpec.RSA_2048,
    };

    /// <summary>Calls until the server throttles (retries off): far more calls than a bucket of the fixture's rate holds.</summary>
    private static async Task<AmazonServiceException> BurstUntilThrottledAsync(Func<Task> call)
    {
        for (var attempt = 0; attempt < 20 * QuotaFixture.SymmetricRate; attempt++)
        {
            try
            {
                await call();
            }
            catch (AmazonKeyManagementServiceException e) when (e.ErrorCode == "ThrottlingException")
            {
                return e;
            }
        }

        throw new Xunit.Sdk.XunitException($"{20 * QuotaFixture.SymmetricRate} calls in a row were never throttled.");
    }

    /// <summary>A fresh bucket holds a second's worth: that many calls at once all pass.</summary>
    private static async Task GenerateRandomWithinTheBucketAsync(IAmazonKeyManagementService kms)
    {
        for (var call = 0; call < QuotaFixture.SymmetricRate; call++)
        {
            var random = await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 });
            Assert.Equal(16, random.Plaintext.Length);
        }
    }
}
