using Amazon.KeyManagementService;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.DependencyInjection;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;
using Microsoft.Extensions.DependencyInjection;

namespace KmsKit.Runtime.Tests.DependencyInjection;

public sealed class AddKmsKitTests
{
    [Fact]
    public async Task The_envelope_encrypts_with_the_registered_keyring_and_cache()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        var services = new ServiceCollection().AddSingleton<IKeyring>(keyring).AddKmsKit(options =>
        {
            options.Client.Suite = AlgorithmSuite.Aes256GcmHkdfSha512CommitKey;
            options.Client.FrameLength = 1024;
            options.Caching = new KmsKitCachingOptions { MaxAge = TimeSpan.FromMinutes(1), MaxMessagesEncrypted = 10 };
        });
        await using var provider = services.BuildServiceProvider();
        var envelope = provider.GetRequiredService<KmsEnvelope>();

        for (var i = 0; i < 30; i++)
        {
            var message = await envelope.EncryptAsync(new byte[] { (byte)i }, TestKeys.Context("i", "x"));
            Assert.Equal([(byte)i], (await envelope.DecryptAsync(message, TestKeys.Context("i", "x"))).Plaintext);
        }

        Assert.IsType<CachingCryptographicMaterialsManager>(provider.GetRequiredService<ICryptographicMaterialsManager>());
        Assert.Equal(3, keyring.DataKeysGenerated);
    }

    [Fact]
    public void A_kms_keyring_is_built_over_the_registered_kms_client()
    {
        using var kms = new AmazonKeyManagementServiceClient(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonKeyManagementServiceConfig { ServiceURL = "http://127.0.0.1:9" });
        var services = new ServiceCollection().AddSingleton<IAmazonKeyManagementService>(kms).AddKmsKit(options => options.GeneratorKeyId = "arn:aws:kms:us-east-1:111122223333:key/k");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AwsKmsKeyring>(provider.GetRequiredService<IKeyring>());
        Assert.IsType<DefaultCryptographicMaterialsManager>(provider.GetRequiredService<ICryptographicMaterialsManager>());
    }

    [Fact]
    public void Missing_pieces_are_named()
    {
        using var noKey = new ServiceCollection().AddKmsKit(_ => { }).BuildServiceProvider();
        Assert.Contains("GeneratorKeyId", Assert.Throws<InvalidOperationException>(() => noKey.GetRequiredService<KmsEnvelope>()).Message, StringComparison.Ordinal);

        using var noKms = new ServiceCollection().AddKmsKit(options => options.GeneratorKeyId = "alias/x").BuildServiceProvider();
        Assert.Contains("AddAWSService", Assert.Throws<InvalidOperationException>(() => noKms.GetRequiredService<KmsEnvelope>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kms_client_can_come_from_AddAWSService()
    {
        var services = new ServiceCollection();
        services.AddDefaultAWSOptions(new Amazon.Extensions.NETCore.Setup.AWSOptions
        {
            Region = Amazon.RegionEndpoint.USEast1,
            Credentials = new Amazon.Runtime.AnonymousAWSCredentials(),
        });
        services.AddAWSService<IAmazonKeyManagementService>();
        services.AddKmsKit(options => options.GeneratorKeyId = "arn:aws:kms:us-east-1:111122223333:key/k");
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<KmsEnvelope>());
        Assert.IsType<AwsKmsKeyring>(provider.GetRequiredService<IKeyring>());
    }
}
