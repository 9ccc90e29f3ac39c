using KmsKit.Runtime;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// The runtime set up as the runtime benchmarks measure it: suite 0x0478 and a caching materials manager over a raw
/// AES keyring with limits never reached, so that every message after the first reuses one data key and the
/// figures are the message format's cost, not a keyring's or KMS's.
/// </summary>
internal sealed class CachedMaterials : IDisposable
{
    /// <summary>The raw AES wrapping key; the JavaScript side of <c>esdk-js</c> wraps with the same one.</summary>
    public static readonly byte[] WrappingKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public const string KeyNamespace = "kmskit-bench";

    public const string KeyName = "raw-aes";

    private readonly RawAesKeyring _keyring = new(KeyNamespace, KeyName, WrappingKey);
    private readonly CryptographicMaterialsCache _cache = new();

    public CachedMaterials(int frameLength, AlgorithmSuite? suite = null)
    {
        Client = new EncryptionClient(new EncryptionClientOptions { Suite = suite ?? AlgorithmSuite.Aes256GcmHkdfSha512CommitKey, FrameLength = frameLength });
        Manager = new CachingCryptographicMaterialsManager(_keyring, _cache, new CachingCryptographicMaterialsManagerOptions { MaxAge = TimeSpan.FromDays(1) });
    }

    public EncryptionClient Client { get; }

    public CachingCryptographicMaterialsManager Manager { get; }

    public void Dispose()
    {
        _cache.Dispose();
        _keyring.Dispose();
    }
}
