using System.Reflection;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings.AwsKms;

namespace KmsKit.Runtime.Tests.Keyrings;

/// <summary>
/// The AWS KMS keyrings against a real KMS: the PKCS#11 engine over SoftHSM2. KMS calls are counted at the client.
/// </summary>
public sealed class AwsKmsKeyringEngineTests : IClassFixture<AwsKmsKeyringEngineTests.Engine>
{
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme" };
    private readonly Engine _engine;

    public AwsKmsKeyringEngineTests(Engine engine) => _engine = engine;

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

    /// <summary>One embedded engine and two symmetric keys for the class.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("kmskit-runtime-").FullName;

        public IAmazonKeyManagementService Kms { get; private set; } = null!;

        public string Generator { get; private set; } = string.Empty;

        public string Additional { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Kms = Pkcs11Kms.OpenEmbedded(_folder);
            Generator = (await Kms.CreateKeyAsync(new CreateKeyRequest { Description = "generator" })).KeyMetadata.Arn;
            Additional = (await Kms.CreateKeyAsync(new CreateKeyRequest { Description = "additional" })).KeyMetadata.Arn;
        }

        public Task DisposeAsync()
        {
            Kms.Dispose();
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    /// <summary>Forwards every call to a real client and counts them by method name.</summary>
    public class CountingKms : DispatchProxy
    {
        private readonly Dictionary<string, int> _calls = new();
        private IAmazonKeyManagementService _inner = null!;

        public static IAmazonKeyManagementService Wrap(IAmazonKeyManagementService inner)
        {
            var proxy = Create<IAmazonKeyManagementService, CountingKms>();
            ((CountingKms)(object)proxy)._inner = inner;
            return proxy;
        }

        public static int Calls(IAmazonKeyManagementService proxy, string method)
        {
            var counting = (CountingKms)(object)proxy;
            lock (counting._calls)
            {
                return counting._calls.GetValueOrDefault(method);
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            lock (_calls)
            {
                _calls[targetMethod!.Name] = _calls.GetValueOrDefault(targetMethod.Name) + 1;
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                throw error.InnerException;
            }
        }
    }
}
