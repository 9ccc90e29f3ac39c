using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests;

/// <summary>A real keyring under a counter: how many data keys it generated and how many it was asked to unwrap.</summary>
internal sealed class CountingKeyring(IKeyring inner) : IKeyring
{
    private int _generated;
    private int _unwrapped;

    public int DataKeysGenerated => Volatile.Read(ref _generated);

    public int DataKeysUnwrapped => Volatile.Read(ref _unwrapped);

    public async ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is null)
        {
            Interlocked.Increment(ref _generated);
        }

        await inner.OnEncryptAsync(materials, cancellationToken);
    }

    public async ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _unwrapped);
        await inner.OnDecryptAsync(materials, encryptedDataKeys, cancellationToken);
    }
}
