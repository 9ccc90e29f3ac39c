using Amazon.KeyManagementService;
using KmsKit.Runtime.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KmsKit.Runtime.Encryptors;

/// <summary>Registers what generated encryptors take: the <see cref="EncryptorClient"/>.</summary>
public static class EncryptorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EncryptorClient"/> over the registered <see cref="IAmazonKeyManagementService"/>,
    /// with the <see cref="EncryptionClient"/> of <c>AddKmsKit</c> when there is one. The generated
    /// <c>AddKmsKitEncryptors()</c> calls it and then registers each encryptor of its assembly.
    /// </summary>
    public static IServiceCollection AddEncryptorClient(this IServiceCollection services, Action<EncryptorKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EncryptorKeyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new EncryptorClient(
            provider.GetService<IAmazonKeyManagementService>()
                ?? throw new InvalidOperationException("No IAmazonKeyManagementService is registered: call services.AddAWSService<IAmazonKeyManagementService>() (AWSSDK.Extensions.NETCore.Setup) or register the KmsKit PKCS#11 engine."),
            provider.GetService<EncryptionClient>() ?? new EncryptionClient(provider.GetService<IOptions<KmsKitOptions>>()?.Value.Client),
            provider.GetRequiredService<IOptions<EncryptorKeyOptions>>().Value));
        return services;
    }
}
