using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;

namespace KmsKit.Runtime.Tests;

/// <summary>
/// A real KMS: the PKCS#11 engine over SoftHSM2 in a temporary folder, with two symmetric keys. One per test process
/// (SoftHSM2 serves one folder per process), shared by the classes of <see cref="EmbeddedEngineCollection"/>.
/// </summary>
public sealed class EmbeddedEngine : IAsyncLifetime
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

[CollectionDefinition(Name)]
public sealed class EmbeddedEngineCollection : ICollectionFixture<EmbeddedEngine>
{
    public const string Name = "embedded engine";
}
