using Amazon.KeyManagementService;
using KmsKit.Pkcs11.DependencyInjection;
using KmsKit.Runtime.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KmsKit.Runtime.Tests.DependencyInjection;

public sealed class ConfigurationTests
{
    [Fact]
    public void AddKmsKit_binds_its_options_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KmsKit:GeneratorKeyId"] = "arn:aws:kms:us-east-1:111122223333:key/k",
            ["KmsKit:AdditionalKeyIds:0"] = "arn:aws:kms:eu-west-1:111122223333:key/k2",
            ["KmsKit:Client:FrameLength"] = "1024",
            ["KmsKit:Caching:MaxAge"] = "00:05:00",
        }).Build();

        using var provider = new ServiceCollection().AddKmsKit(configuration.GetSection("KmsKit")).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<KmsKitOptions>>().Value;

        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/k", options.GeneratorKeyId);
        Assert.Equal(["arn:aws:kms:eu-west-1:111122223333:key/k2"], options.AdditionalKeyIds);
        Assert.Equal(1024, options.Client.FrameLength);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Caching?.MaxAge);
    }

    [Fact]
    public void AddKmsKitPkcs11_makes_the_embedded_engine_the_one_kms_client()
    {
        using var aws = new AmazonKeyManagementServiceClient(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonKeyManagementServiceConfig { ServiceURL = "http://127.0.0.1:9" });
        var services = new ServiceCollection().AddSingleton<IAmazonKeyManagementService>(aws);

        services.AddKmsKitPkcs11(Path.Combine(Path.GetTempPath(), "unused"), options => options.TokenLabel = "app");

        var registration = Assert.Single(services, d => d.ServiceType == typeof(IAmazonKeyManagementService));
        Assert.Equal(ServiceLifetime.Singleton, registration.Lifetime);
        Assert.NotNull(registration.ImplementationFactory);
        Assert.Null(registration.ImplementationInstance);
    }
}
