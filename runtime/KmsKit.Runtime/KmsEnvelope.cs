using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime;

/// <summary>
/// The service applications take from dependency injection: an <see cref="EncryptionClient"/> bound to the
/// configured materials manager (KMS keys, optionally cached). Register it with <c>AddKmsKit</c>.
/// </summary>
public sealed class KmsEnvelope
{
    private readonly EncryptionClient _client;
    private readonly ICryptographicMaterialsManager _materials;

    /// <summary>Binds a client to a materials manager.</summary>
    public KmsEnvelope(EncryptionClient client, ICryptographicMaterialsManager materials)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _materials = materials ?? throw new ArgumentNullException(nameof(materials));
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into one message.</summary>
    public Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        _client.EncryptAsync(plaintext, _materials, encryptionContext, cancellationToken);

    /// <summary>Decrypts one message; the plaintext is returned only after the whole message is verified.</summary>
    public Task<DecryptResult> DecryptAsync(ReadOnlyMemory<byte> message, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        _client.DecryptAsync(message, _materials, encryptionContext, cancellationToken);

    /// <summary>Encrypts a stream into a message stream in constant memory.</summary>
    public Task EncryptAsync(Stream plaintext, Stream ciphertext, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        _client.EncryptAsync(plaintext, ciphertext, _materials, encryptionContext, cancellationToken);

    /// <summary>Decrypts a message stream in constant memory; see <see cref="PlaintextRelease"/> for signed messages.</summary>
    public Task<MessageInfo> DecryptAsync(Stream ciphertext, Stream plaintext, IReadOnlyDictionary<string, string>? encryptionContext = null, PlaintextRelease release = PlaintextRelease.AfterSignatureVerification, CancellationToken cancellationToken = default) =>
        _client.DecryptAsync(ciphertext, plaintext, _materials, encryptionContext, release, cancellationToken);
}
