using System;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KmsKit.Pkcs11.DependencyInjection;

/// <summary>Registers the embedded PKCS#11 engine as the application's KMS.</summary>
public static class Pkcs11KmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Pkcs11Kms.OpenEmbedded"/> on <paramref name="folder"/> as the singleton
    /// <see cref="IAmazonKeyManagementService"/>, replacing one registered before (e.g. by
    /// <c>AddAWSService</c>), so that code written against AWS KMS runs on the local HSM unchanged. The engine
    /// opens at its first use and is disposed with the service provider.
    /// </summary>
    public static IServiceCollection AddKmsKitPkcs11(this IServiceCollection services, string folder, Action<Pkcs11KmsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var options = new Pkcs11KmsOptions();
        configure?.Invoke(options);
        services.Replace(ServiceDescriptor.Singleton<IAmazonKeyManagementService>(_ => Pkcs11Kms.OpenEmbedded(folder, options)));
        return services;
    }
}
