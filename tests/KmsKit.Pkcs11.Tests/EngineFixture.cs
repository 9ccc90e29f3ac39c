using KmsKit.Pkcs11.Engine;
using Microsoft.Extensions.Time.Testing;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// One embedded engine (SoftHSM2 token + SQLite store in a temp folder) for the whole test process: the
/// PKCS#11 module can be loaded only once per process. Time is a <see cref="FakeTimeProvider"/> the tests move.
/// </summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "kmskit-engine-tests-" + Guid.NewGuid().ToString("N"));
        Kms = Open(Time);
    }

    public string Folder { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Pkcs11Kms Kms { get; }

    /// <summary>Another engine instance on the same token and store.</summary>
    public Pkcs11Kms Open(TimeProvider time) => Pkcs11Kms.OpenEmbedded(Folder, new Pkcs11KmsOptions { TimeProvider = time });

    public void Dispose()
    {
        Kms.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
