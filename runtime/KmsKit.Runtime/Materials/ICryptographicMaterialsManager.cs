namespace KmsKit.Runtime.Materials;

/// <summary>Assembles the materials of a message: chooses the suite and signing key and asks keyrings for the data key.</summary>
public interface ICryptographicMaterialsManager
{
    /// <summary>Materials to encrypt one message; the caller disposes them.</summary>
    ValueTask<EncryptionMaterials> GetEncryptionMaterialsAsync(EncryptionMaterialsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Materials to decrypt one message; the caller disposes them.</summary>
    ValueTask<DecryptionMaterials> DecryptMaterialsAsync(DecryptionMaterialsRequest request, CancellationToken cancellationToken = default);
}
