using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// The base of generated encryptors: builds the encryption context (type identity, schema version, context
/// members, digest of the signed-only members), serializes into a buffer that is zeroed after use, and calls
/// the <see cref="EncryptionClient"/>. The generated subclass supplies the type-specific reading and writing.
/// </summary>
/// <typeparam name="TRecord">The type marked for encryption.</typeparam>
/// <typeparam name="TEncrypted">Its encrypted form.</typeparam>
public abstract class KmsEncryptor<TRecord, TEncrypted> : IKmsEncryptor<TRecord, TEncrypted>
{
    private readonly EncryptorClient _client;
    private readonly EncryptorKey _key;
    private readonly string _typeIdentity;
    private readonly string _schemaVersion;

    /// <summary>Binds the encryptor to its client, KMS key, type identity and schema version.</summary>
    protected KmsEncryptor(EncryptorClient client, EncryptorKey key, string typeIdentity, int schemaVersion)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _key = key;
        _typeIdentity = typeIdentity;
        _schemaVersion = schemaVersion.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<TEncrypted> EncryptAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        var context = Context();
        AddContext(context, record);
        context[EncryptionContextKeys.Signed] = SignedDigest(record, static (writer, value, self) => self.WriteSignedMembers(writer, value));
        var ciphertext = await SealAsync(record, static (writer, value, self) => self.WriteEncryptedMembers(writer, value), context, cancellationToken).ConfigureAwait(false);
        return CreateEncrypted(record, ciphertext);
    }

    /// <inheritdoc />
    public async Task<TRecord> DecryptAsync(TEncrypted encrypted, CancellationToken cancellationToken = default)
    {
        var context = Context();
        AddContext(context, encrypted);
        context[EncryptionContextKeys.Signed] = SignedDigest(encrypted, static (writer, value, self) => self.WriteSignedMembers(writer, value));
        var materials = await _client.MaterialsAsync(_key, cancellationToken).ConfigureAwait(false);
        var result = await _client.Client.DecryptAsync(CiphertextOf(encrypted), materials, context, cancellationToken).ConfigureAwait(false);
        try
        {
            var reader = new Utf8JsonReader(result.Plaintext);
            return Restore(encrypted, ref reader);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(result.Plaintext);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> EncryptToMessageAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        var context = Context();
        AddContext(context, record);
        return await SealAsync(record, static (writer, value, self) => self.WriteRecord(writer, value), context, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TRecord> DecryptMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var materials = await _client.MaterialsAsync(_key, cancellationToken).ConfigureAwait(false);
        var result = await _client.Client.DecryptAsync(message, materials, Context(), cancellationToken).ConfigureAwait(false);
        TRecord record;
        try
        {
            var reader = new Utf8JsonReader(result.Plaintext);
            record = ReadRecord(ref reader);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(result.Plaintext);
        }

        // The context members travel in the plaintext too; a message whose header says otherwise was not made by this encryptor.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        AddContext(expected, record);
        foreach (var (key, value) in expected)
        {
            if (!result.Info.EncryptionContext.TryGetValue(key, out var actual) || actual != value)
            {
                throw new EncryptionSdkException($"The message's encryption context does not match its '{key}' member.");
            }
        }

        return record;
    }

    /// <summary>Writes the <see cref="EncryptAttribute"/> members as one JSON object.</summary>
    protected abstract void WriteEncryptedMembers(Utf8JsonWriter writer, TRecord record);

    /// <summary>Writes the <see cref="SignOnlyAttribute"/> members of a record as one JSON object.</summary>
    protected abstract void WriteSignedMembers(Utf8JsonWriter writer, TRecord record);

    /// <summary>Writes the <see cref="SignOnlyAttribute"/> members of an encrypted form, exactly as for the record.</summary>
    protected abstract void WriteSignedMembers(Utf8JsonWriter writer, TEncrypted encrypted);

    /// <summary>Adds the <see cref="EncryptionContextAttribute"/> members of a record.</summary>
    protected abstract void AddContext(IDictionary<string, string> context, TRecord record);

    /// <summary>Adds the <see cref="EncryptionContextAttribute"/> members of an encrypted form.</summary>
    protected abstract void AddContext(IDictionary<string, string> context, TEncrypted encrypted);

    /// <summary>The encrypted form: the ciphertext and every member that is not encrypted.</summary>
    protected abstract TEncrypted CreateEncrypted(TRecord record, byte[] ciphertext);

    /// <summary>The ciphertext of an encrypted form.</summary>
    protected abstract byte[] CiphertextOf(TEncrypted encrypted);

    /// <summary>The record, from the encrypted form and the decrypted members (the JSON object <see cref="WriteEncryptedMembers"/> wrote).</summary>
    protected abstract TRecord Restore(TEncrypted encrypted, ref Utf8JsonReader encryptedMembers);

    /// <summary>Writes every member of a record as one JSON object (the single-message form).</summary>
    protected abstract void WriteRecord(Utf8JsonWriter writer, TRecord record);

    /// <summary>Reads what <see cref="WriteRecord"/> wrote.</summary>
    protected abstract TRecord ReadRecord(ref Utf8JsonReader reader);

    private Dictionary<string, string> Context() => new(StringComparer.Ordinal)
    {
        [EncryptionContextKeys.Type] = _typeIdentity,
        [EncryptionContextKeys.Schema] = _schemaVersion,
    };

    private string SignedDigest<T>(T value, Action<Utf8JsonWriter, T, KmsEncryptor<TRecord, TEncrypted>> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value, this);
        }

        return Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan));
    }

    private async Task<byte[]> SealAsync(TRecord record, Action<Utf8JsonWriter, TRecord, KmsEncryptor<TRecord, TEncrypted>> write, Dictionary<string, string> context, CancellationToken cancellationToken)
    {
        var materials = await _client.MaterialsAsync(_key, cancellationToken).ConfigureAwait(false);
        using var plaintext = new SecretBufferWriter();
        using (var writer = new Utf8JsonWriter(plaintext))
        {
            write(writer, record, this);
        }

        return await _client.Client.EncryptAsync(plaintext.WrittenMemory, materials, context, cancellationToken).ConfigureAwait(false);
    }
}
