using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Keyrings;

/// <summary>Generates, wraps and unwraps data keys with one kind of wrapping key.</summary>
public interface IKeyring
{
    /// <summary>Generates the data key when the materials have none, then adds a wrapped copy of it.</summary>
    ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Unwraps one of the encrypted data keys into the materials (unless they already hold a key);
    /// throws <see cref="EncryptionSdkException"/> when it can unwrap none.
    /// </summary>
    ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default);
}
