using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.ClientPerCallAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class ClientPerCallAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    // The registration surface as Microsoft.Extensions.DependencyInjection declares it (not referenced by the test compilation).
    private const string DependencyInjection = """

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }

            public sealed class ServiceCollection : IServiceCollection { }

            public static class ServiceCollectionServiceExtensions
            {
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, Func<IServiceProvider, TService> factory) => services;
            }
        }
        """;

    [Fact]
    public Task Flags_a_client_created_in_a_request_handler() => Verify.VerifyAsync(Usings + """
        class OrderHandler
        {
            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card })).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Flags_a_property_that_creates_a_client_on_every_read() => Verify.VerifyAsync(Usings + """
        class Settings
        {
            public IAmazonKeyManagementService Kms => {|KMS202:new AmazonKeyManagementServiceClient()|};

            public static void Use(Func<IAmazonKeyManagementService, Task> work) =>
                work({|KMS202:new AmazonKeyManagementServiceClient()|});

            public static Task Run(Func<Func<IAmazonKeyManagementService>, Task> work) =>
                work(() => {|KMS202:new AmazonKeyManagementServiceClient()|});
        }
        """);

    [Fact]
    public Task Flags_a_client_per_call_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class TokenService
        {
            public MemoryStream Open(MemoryStream token)
            {
                using (var kms = {|KMS202:new AmazonKeyManagementServiceClient()|})
                {
                    return kms.Decrypt(new DecryptRequest { CiphertextBlob = token }).Plaintext;
                }
            }
        }
        """);

    [Fact]
    public Task Message_names_the_member() => Verify.VerifyAsync(
        Usings + """
        class Settings
        {
            public IAmazonKeyManagementService Kms => {|#0:new AmazonKeyManagementServiceClient()|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Kms"));

    [Fact]
    public Task Does_not_flag_a_static_field_a_constructor_or_a_lazy_shared_client() => Verify.VerifyAsync(Usings + """
        class Clients
        {
            private static readonly IAmazonKeyManagementService Shared = new AmazonKeyManagementServiceClient();
            private static IAmazonKeyManagementService? s_lazy;
            private readonly IAmazonKeyManagementService _kms;

            static Clients() => s_lazy = new AmazonKeyManagementServiceClient();

            public Clients(RegionEndpoint region) => _kms = new AmazonKeyManagementServiceClient(region);

            public static IAmazonKeyManagementService Lazy => s_lazy ??= new AmazonKeyManagementServiceClient();

            public static IAmazonKeyManagementService ForRegion(RegionEndpoint region) => new AmazonKeyManagementServiceClient(region);

            public Lazy<IAmazonKeyManagementService> Deferred() => new(() => new AmazonKeyManagementServiceClient());
        }
        """);

    [Fact]
    public Task Does_not_flag_Main_or_top_level_statements() => Verify.VerifyAsync("""
        using Amazon.KeyManagementService;

        public static class Program
        {
            public static async System.Threading.Tasks.Task<int> Main()
            {
                using var kms = new AmazonKeyManagementServiceClient();
                await kms.ListKeysAsync(new Amazon.KeyManagementService.Model.ListKeysRequest());
                return 0;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_private_method_called_once_from_Main() => Verify.VerifyAsync(Usings + """
        public static class Program
        {
            public static async Task<int> Main(string[] args)
            {
                await Migrate(args[0]);
                return 0;
            }

            private static async Task Migrate(string keyId) => await Rotate(keyId);

            private static async Task Rotate(string keyId)
            {
                using var kms = new AmazonKeyManagementServiceClient();
                await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = keyId });
            }
        }
        """);

    [Fact]
    public Task Flags_a_private_method_called_in_a_loop_from_Main_or_called_twice() => Verify.VerifyAsync(Usings + """
        public static class Program
        {
            public static async Task Main(string[] args)
            {
                foreach (var keyId in args)
                {
                    await Rotate(keyId);
                }

                await Describe(args[0]);
                await Describe(args[1]);
            }

            private static async Task Rotate(string keyId)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = keyId });
            }

            private static async Task Describe(string keyId)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId });
            }
        }
        """);

    [Fact]
    public Task Flags_a_private_method_called_once_from_a_request_handler() => Verify.VerifyAsync(Usings + """
        class Keys
        {
            public Task Handle(string keyId) => Rotate(keyId);

            private static async Task Rotate(string keyId)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = keyId });
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_DI_registration() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static IServiceCollection AddKms(this IServiceCollection services, RegionEndpoint region) =>
                services.AddSingleton<IAmazonKeyManagementService>(_ => new AmazonKeyManagementServiceClient(region));
        }
        """ + DependencyInjection);

    // The start-up surface as Microsoft.Extensions.Configuration and Hosting declare it (not referenced by the test compilation).
    private const string ConfigurationAndHosting = """

        namespace Microsoft.Extensions.Configuration
        {
            public interface IConfigurationSource { }

            public interface IConfigurationBuilder
            {
                IConfigurationBuilder Add(IConfigurationSource source);
            }
        }

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostedService
            {
                Task StartAsync(System.Threading.CancellationToken cancellationToken);

                Task StopAsync(System.Threading.CancellationToken cancellationToken);
            }
        }
        """;

    private const string ClientFactory = """
        static class KmsClients
        {
            public static AmazonKeyManagementServiceClient CreateClient() => new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1);
        }

        """;

    [Fact]
    public Task Does_not_flag_a_configuration_builder_extension() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.Configuration;

        sealed class KmsSecretsSource : IConfigurationSource
        {
            public KmsSecretsSource(IAmazonKeyManagementService kms, string ciphertext) { }
        }

        static class KmsSecretsExtensions
        {
            public static IConfigurationBuilder AddKmsSecrets(this IConfigurationBuilder builder, string ciphertext)
            {
                var kms = new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1);
                return builder.Add(new KmsSecretsSource(kms, ciphertext));
            }
        }
        """ + ConfigurationAndHosting);

    [Fact]
    public Task Does_not_flag_a_hosted_service_start() => Verify.VerifyAsync(Usings + """
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        sealed class KeyWarmup : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                using var kms = new AmazonKeyManagementServiceClient();
                await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/app" }, cancellationToken);
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """ + ConfigurationAndHosting);

    [Fact]
    public Task Flags_a_static_factory_called_in_every_operation() => Verify.VerifyAsync(Usings + ClientFactory + """
        class CardVault
        {
            public async Task<MemoryStream> Protect(MemoryStream card)
            {
                using var kms = {|KMS202:KmsClients.CreateClient()|};
                var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card });
                return response.CiphertextBlob;
            }

            public async Task<MemoryStream> Unprotect(MemoryStream blob) =>
                (await {|KMS202:KmsClients.CreateClient()|}.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/cards" })).Plaintext;
        }
        """);

    [Fact]
    public Task Does_not_flag_a_static_factory_called_once_or_one_returning_a_shared_client() => Verify.VerifyAsync(Usings + ClientFactory + """
        static class SharedClients
        {
            private static IAmazonKeyManagementService? s_kms;

            public static IAmazonKeyManagementService Get() => s_kms ??= new AmazonKeyManagementServiceClient();
        }

        class CardVault
        {
            private readonly IAmazonKeyManagementService _kms = KmsClients.CreateClient();

            public async Task<MemoryStream> Protect(MemoryStream card)
            {
                var kms = SharedClients.Get();
                var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card });
                return response.CiphertextBlob;
            }

            public async Task<MemoryStream> Unprotect(MemoryStream blob) =>
                (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/cards" })).Plaintext;
        }
        """);
}
