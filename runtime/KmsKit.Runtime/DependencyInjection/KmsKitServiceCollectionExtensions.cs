using Amazon.KeyManagementService;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KmsKit.Runtime.DependencyInjection;

/// <summary>Registers KmsKit's envelope encryption in a service collection.</summary>
public static class KmsKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KmsEnvelope"/>, <see cref="EncryptionClient"/>, the materials manager (cached when
    /// <see cref="KmsKitOptions.Caching"/> is set) and an AWS KMS keyring over the registered
    /// <see cref="IAmazonKeyManagementService"/>: AWS through <c>AddAWSService&lt;IAmazonKeyManagementService&gt;()</c>,
    /// or the KmsKit PKCS#11 engine. An <see cref="IKeyring"/> registered before this call replaces the KMS keyring.
    /// </summary>
    public static IServiceCollection AddKmsKit(this IServiceCollection services, Action<KmsKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KmsKitOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKeyring>(provider => CreateKmsKeyring(provider, provider.GetRequiredService<IOptions<KmsKitOptions>>().Value));
        services.TryAddSingleton(provider => new CryptographicMaterialsCache(provider.GetRequiredService<IOptions<KmsKitOptions>>().Value.Caching?.Capacity ?? 1));
        services.TryAddSingleton(provider => CreateMaterialsManager(provider, provider.GetRequiredService<IOptions<KmsKitOptions>>().Value));
        services.TryAddSingleton(provider => new EncryptionClient(provider.GetRequiredService<IOptions<KmsKitOptions>>().Value.Client));
        services.TryAddSingleton<KmsEnvelope>();
        return services;
    }

    /// <summary>
    /// <see cref="AddKmsKit(IServiceCollection, Action{KmsKitOptions})"/> with the options bound from a
    /// configuration section (e.g. <c>builder.Configuration.GetSection("KmsKit")</c>): <c>GeneratorKeyId</c>,
    /// <c>AdditionalKeyIds</c>, <c>GrantTokens</c>, <c>Client:FrameLength</c>, <c>Caching:MaxAge</c>, ...
    /// </summary>
    public static IServiceCollection AddKmsKit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddKmsKit(options => configuration.Bind(options));
    }

    private static IKeyring CreateKmsKeyring(IServiceProvider provider, KmsKitOptions options)
    {
        if (options.GeneratorKeyId is null && options.AdditionalKeyIds.Count == 0)
        {
            throw new InvalidOperationException("KmsKit needs a KMS key: set KmsKitOptions.GeneratorKeyId in AddKmsKit(...), or register an IKeyring before it.");
        }

        var kms = provider.GetService<IAmazonKeyManagementService>()
            ?? throw new InvalidOperationException("No IAmazonKeyManagementService is registered: call services.AddAWSService<IAmazonKeyManagementService>() (AWSSDK.Extensions.NETCore.Setup) or register the KmsKit PKCS#11 engine.");
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger<AwsKmsKeyring>() ?? (ILogger)NullLogger.Instance;
        return AwsKmsKeyring.Create(kms, options.GeneratorKeyId, options.AdditionalKeyIds, options.GrantTokens, logger);
    }

    private static ICryptographicMaterialsManager CreateMaterialsManager(IServiceProvider provider, KmsKitOptions options)
    {
        var keyring = provider.GetRequiredService<IKeyring>();
        if (options.Caching is not { } caching)
        {
            return new DefaultCryptographicMaterialsManager(keyring);
        }

        return new CachingCryptographicMaterialsManager(keyring, provider.GetRequiredService<CryptographicMaterialsCache>(), new CachingCryptographicMaterialsManagerOptions
        {
            MaxAge = caching.MaxAge,
            MaxMessagesEncrypted = caching.MaxMessagesEncrypted,
            MaxBytesEncrypted = caching.MaxBytesEncrypted,
            TimeProvider = provider.GetRequiredService<TimeProvider>(),
        });
    }
}
