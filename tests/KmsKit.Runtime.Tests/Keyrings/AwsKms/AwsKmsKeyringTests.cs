using System.Text;
using Amazon.KeyManagementService;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests.Keyrings.AwsKms;

/// <summary>
/// What the KMS keyrings decide without calling KMS: ARNs, provider info, which data keys go to KMS. The calls
/// themselves are tested end to end against the PKCS#11 KMS engine once it lands.
/// </summary>
public sealed class AwsKmsKeyringTests
{
    private const string KeyA = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string KeyB = "arn:aws:kms:eu-west-1:444455556666:key/0987dcba-09fe-87dc-65ba-ab0987654321";
    private const string KeyChina = "arn:aws-cn:kms:cn-north-1:111122223333:key/aaaa";

    [Theory]
    [InlineData(KeyA, "aws", "us-east-1", "111122223333", "key", "1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("arn:aws-us-gov:kms:us-gov-west-1:1:alias/my/alias", "aws-us-gov", "us-gov-west-1", "1", "alias", "my/alias")]
    public void Arns_parse_and_print_back(string text, string partition, string region, string account, string type, string id)
    {
        var arn = AwsKmsArn.TryParse(text)!;

        Assert.Equal(new AwsKmsArn(partition, region, account, type, id), arn);
        Assert.Equal(text, arn.ToString());
    }

    [Theory]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("alias/my-key")]
    [InlineData("arn:aws:s3:::bucket/key")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/")]
    [InlineData("arn:aws:kms:us-east-1::key/abc")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:grant/abc")]
    [InlineData("")]
    public void Non_arns_do_not_parse(string text) => Assert.Null(AwsKmsArn.TryParse(text));

    [Fact]
    public void Provider_info_is_the_key_arn_in_utf8_and_never_an_alias()
    {
        var key = AwsKmsProviderInfo.ToEncryptedDataKey(KeyA, [1, 2, 3]);

        Assert.Equal("aws-kms", key.ProviderId);
        Assert.Equal(Encoding.UTF8.GetBytes(KeyA), key.ProviderInfo);
        Assert.Equal([1, 2, 3], key.Ciphertext);
        Assert.Throws<EncryptionSdkException>(() => AwsKmsProviderInfo.ToEncryptedDataKey("arn:aws:kms:us-east-1:111122223333:alias/x", [1]));
        Assert.Throws<EncryptionSdkException>(() => AwsKmsProviderInfo.ToEncryptedDataKey("alias/x", [1]));
    }

    [Fact]
    public void Strict_mode_sends_only_data_keys_of_exactly_its_key()
    {
        var keys = new[]
        {
            Kms(KeyB), Kms(KeyA), new EncryptedDataKey("raw-ns", Encoding.UTF8.GetBytes(KeyA), [0]),
            Kms("arn:aws:kms:us-east-1:111122223333:alias/a"), new EncryptedDataKey("aws-kms", [0xff, 0xfe], [0]),
        };

        Assert.Equal([keys[1]], AwsKmsKeyring.Candidates(KeyA, keys));
        Assert.Empty(AwsKmsKeyring.Candidates("alias/a", keys));
    }

    [Fact]
    public void Discovery_filter_allows_only_its_partition_and_accounts()
    {
        var keys = new[] { Kms(KeyA), Kms(KeyB), Kms(KeyChina), new EncryptedDataKey("raw-ns", [0], [0]) };

        Assert.Equal([KeyA, KeyB, KeyChina], AwsKmsDiscoveryKeyring.Candidates(null, keys).Select(c => c.Arn.ToString()));
        Assert.Equal([KeyA], AwsKmsDiscoveryKeyring.Candidates(new DiscoveryFilter("aws", ["111122223333"]), keys).Select(c => c.Arn.ToString()));
        Assert.Equal([KeyChina], AwsKmsDiscoveryKeyring.Candidates(new DiscoveryFilter("aws-cn", ["111122223333", "444455556666"]), keys).Select(c => c.Arn.ToString()));
        Assert.Throws<ArgumentException>(() => new DiscoveryFilter("aws", []));
        Assert.Throws<ArgumentException>(() => new DiscoveryFilter("", ["1"]));
    }

    [Fact]
    public async Task Discovery_keyrings_cannot_encrypt_and_skip_foreign_data_keys_without_calling_kms()
    {
        using var kms = new AmazonKeyManagementServiceClient(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonKeyManagementServiceConfig { ServiceURL = "http://127.0.0.1:9" });
        var keyring = new AwsKmsDiscoveryKeyring(kms, new DiscoveryFilter("aws", ["999999999999"]));
        using var materials = new DecryptionMaterials(AlgorithmSuite.Aes256GcmHkdfSha512CommitKey, new Dictionary<string, string>());

        await Assert.ThrowsAsync<EncryptionSdkException>(() => new EncryptionClient().EncryptAsync(new byte[1], keyring));
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(async () => await keyring.OnDecryptAsync(materials, [Kms(KeyA)]));
        Assert.Contains("no data key it may decrypt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_kms_is_a_clear_sdk_error()
    {
        using var kms = new AmazonKeyManagementServiceClient(
            new Amazon.Runtime.AnonymousAWSCredentials(),
            new AmazonKeyManagementServiceConfig { ServiceURL = "http://127.0.0.1:9", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => new EncryptionClient().EncryptAsync(new byte[1], new AwsKmsKeyring(kms, KeyA)));

        Assert.Contains("GenerateDataKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyA, error.Message, StringComparison.Ordinal);
    }

    private static EncryptedDataKey Kms(string arn) => new("aws-kms", Encoding.UTF8.GetBytes(arn), [1]);
}
