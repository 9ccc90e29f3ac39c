using System.Security.Cryptography;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings.AwsKms;

namespace KmsKit.Runtime.Tests.Keyrings;

/// <summary>
/// The AWS KMS keyrings against a real KMS: the PKCS#11 engine over SoftHSM2. KMS calls are counted at the client.
/// </summary>
[Collection(EmbeddedEngineCollection.Name)]
public sealed class AwsKmsKeyringEngineTests
{
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme" };
    private readonly EmbeddedEngine _engine;

    public AwsKmsKeyringEngineTests(EmbeddedEngine engine) => _engine = engine;

    [Fact]
    public async Task Each_key_of_a_strict_keyring_decrypts_alone()
    {
        var plaintext = RandomNumberGenerator.GetBytes(10_000);
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(plaintext, AwsKmsKeyring.Create(_engine.Kms, _engine.Generator, [_engine.Additional]), Context);

        var byGenerator = await client.DecryptAsync(message, AwsKmsKeyring.Create(_engine.Kms, _engine.Generator), Context);
        var byAdditional = await client.DecryptAsync(message, AwsKmsKeyring.Create(_engine.Kms, _engine.Additional), Context);

        Assert.Equal(plaintext, byGenerator.Plaintext);
        Assert.Equal(plaintext, byAdditional.Plaintext);
    }

    [Fact]
    public async Task Discovery_decrypts_within_its_filter_only()
    {
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1, 2, 3 }, AwsKmsKeyring.Create(_engine.Kms, _engine.Generator), Context);

        var allowed = new AwsKmsDiscoveryKeyring(_engine.Kms, new DiscoveryFilter("aws", ["111122223333"]));
        var otherAccount = new AwsKmsDiscoveryKeyring(_engine.Kms, new DiscoveryFilter("aws", ["444455556666"]));

        Assert.Equal(new byte[] { 1, 2, 3 }, (await client.DecryptAsync(message, allowed, Context)).Plaintext);
        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, otherAccount, Context));
    }

    [Fact]
    public async Task A_wrong_encryption_context_is_refused_by_kms()
    {
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 9 }, AwsKmsKeyring.Create(_engine.Kms, _engine.Generator), Context);

        await Assert.ThrowsAsync<EncryptionSdkException>(() =>
            client.DecryptAsync(message, AwsKmsKeyring.Create(_engine.Kms, _engine.Generator), new Dictionary<string, string> { ["tenant"] = "globex" }));
    }

    [Fact]
    public async Task Caching_with_max_messages_100_makes_one_GenerateDataKey_per_100_encryptions()
    {
        var counting = CountingKms.Wrap(_engine.Kms);
        var cache = new CryptographicMaterialsCache(capacity: 10);
        var materials = new CachingCryptographicMaterialsManager(
            AwsKmsKeyring.Create(counting, _engine.Generator), cache, new CachingCryptographicMaterialsManagerOptions { MaxAge = TimeSpan.FromHours(1), MaxMessagesEncrypted = 100 });
        var client = new EncryptionClient(new EncryptionClientOptions { Suite = AlgorithmSuite.Aes256GcmHkdfSha512CommitKey });

        for (var i = 0; i < 10_000; i++)
        {
            await client.EncryptAsync(new byte[] { (byte)i }, materials, Context);
        }

        Assert.Equal(100, CountingKms.Calls(counting, "GenerateDataKeyAsync"));
    }
}
