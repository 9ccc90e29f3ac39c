namespace KmsKit.Runtime.Encryptors;

/// <summary>A typed encryptor of <typeparamref name="TRecord"/> (generated for types marked <see cref="KmsEncryptedAttribute"/>).</summary>
/// <typeparam name="TRecord">The type marked for encryption.</typeparam>
/// <typeparam name="TEncrypted">Its encrypted form: the ciphertext plus the members that stay readable.</typeparam>
public interface IKmsEncryptor<TRecord, TEncrypted>
{
    /// <summary>Seals the encrypted members in one envelope message and keeps the others readable, bound where marked.</summary>
    Task<TEncrypted> EncryptAsync(TRecord record, CancellationToken cancellationToken = default);

    /// <summary>Opens the encrypted form; fails if its type, schema, context or signed members do not match the message.</summary>
    Task<TRecord> DecryptAsync(TEncrypted encrypted, CancellationToken cancellationToken = default);

    /// <summary>Seals the whole object in one envelope message (AWS Encryption SDK format).</summary>
    Task<byte[]> EncryptToMessageAsync(TRecord record, CancellationToken cancellationToken = default);

    /// <summary>Opens a message made by <see cref="EncryptToMessageAsync"/> for this type and schema version.</summary>
    Task<TRecord> DecryptMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
