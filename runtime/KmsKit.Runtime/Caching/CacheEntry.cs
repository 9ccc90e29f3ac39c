using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Caching;

/// <summary>Cached encryption or decryption materials with their creation time and usage so far.</summary>
internal sealed class CacheEntry : IDisposable
{
    public CacheEntry(string id, DateTimeOffset createdAt, EncryptionMaterials? encryption, DecryptionMaterials? decryption)
    {
        Id = id;
        CreatedAt = createdAt;
        Encryption = encryption;
        Decryption = decryption;
    }

    public string Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public EncryptionMaterials? Encryption { get; }

    public DecryptionMaterials? Decryption { get; }

    public long MessagesEncrypted { get; set; }

    public long BytesEncrypted { get; set; }

    public void Dispose()
    {
        Encryption?.Dispose();
        Decryption?.Dispose();
    }
}
