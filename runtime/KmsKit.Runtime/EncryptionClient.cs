using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime;

/// <summary>
/// Encrypts and decrypts messages in the AWS Encryption SDK message format, which the official SDKs (Java,
/// Python, JavaScript, C, .NET) read and write. Thread-safe; one instance serves many messages.
/// </summary>
public sealed class EncryptionClient
{
    private static readonly IReadOnlyDictionary<string, string> NoContext = new Dictionary<string, string>();
    private readonly EncryptionClientOptions _options;

    /// <summary>Creates a client; the options are read now and later changes to them are ignored.</summary>
    public EncryptionClient(EncryptionClientOptions? options = null)
    {
        var given = options ?? new EncryptionClientOptions();
        given.Validate();
        _options = new EncryptionClientOptions
        {
            CommitmentPolicy = given.CommitmentPolicy,
            Suite = given.Suite,
            FrameLength = given.FrameLength,
            MaxEncryptedDataKeys = given.MaxEncryptedDataKeys,
        };
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into one message under the keyring's keys.</summary>
    public Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, IKeyring keyring, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        EncryptAsync(plaintext, new DefaultCryptographicMaterialsManager(keyring), encryptionContext, cancellationToken);

    /// <summary>Encrypts <paramref name="plaintext"/> into one message with the materials manager's materials.</summary>
    public async Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        // Room for the frame overheads (sequence number, IV, tag, final-frame fields) plus header and footer, so the buffer does not grow.
        var frames = (plaintext.Length / _options.FrameLength) + 1;
        using var output = new MemoryStream((int)Math.Min(Array.MaxLength, plaintext.Length + (frames * 40L) + 4096));
        await EncryptCoreAsync(new ReadOnlyMemoryStream(plaintext), plaintext.Length, output, materialsManager, encryptionContext, cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    /// <summary>Encrypts a stream into a message written to <paramref name="ciphertext"/>, holding two frames in memory at most.</summary>
    public Task EncryptAsync(Stream plaintext, Stream ciphertext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        long? length = plaintext.CanSeek ? plaintext.Length - plaintext.Position : null;
        return EncryptCoreAsync(plaintext, length, ciphertext, materialsManager, encryptionContext, cancellationToken);
    }

    /// <summary>Decrypts one message with the keyring's keys; <paramref name="encryptionContext"/> is checked and supplies required keys.</summary>
    public Task<DecryptResult> DecryptAsync(ReadOnlyMemory<byte> message, IKeyring keyring, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        DecryptAsync(message, new DefaultCryptographicMaterialsManager(keyring), encryptionContext, cancellationToken);

    /// <summary>
    /// Decrypts one message. The plaintext is returned only once the whole message, signature included, is
    /// verified. <paramref name="encryptionContext"/>: pairs that must be in the message's context, and the
    /// required keys it left out.
    /// </summary>
    public async Task<DecryptResult> DecryptAsync(ReadOnlyMemory<byte> message, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Decrypt");
        var output = new MemoryStream(message.Length);
        try
        {
            // Streaming release into a private buffer: nothing leaves this method before the signature is checked.
            var info = await MessageDecryptor.DecryptAsync(new ReadOnlyMemoryStream(message), output, materialsManager, encryptionContext ?? NoContext, _options, PlaintextRelease.Streaming, cancellationToken).ConfigureAwait(false);
            return new DecryptResult(output.ToArray(), info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output.GetBuffer());
        }
    }

    /// <summary>
    /// Decrypts a message stream into <paramref name="plaintext"/> in constant memory. For signed messages,
    /// <paramref name="release"/> says whether plaintext may be written before the signature is verified.
    /// </summary>
    public async Task<MessageInfo> DecryptAsync(Stream ciphertext, Stream plaintext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, PlaintextRelease release = PlaintextRelease.AfterSignatureVerification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(materialsManager);
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Decrypt");
        var info = await MessageDecryptor.DecryptAsync(ciphertext, plaintext, materialsManager, encryptionContext ?? NoContext, _options, release, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("kmskit.suite", info.Suite.ToString());
        return info;
    }

    private async Task EncryptCoreAsync(Stream plaintext, long? length, Stream output, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken cancellationToken)
    {
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Encrypt");
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(materialsManager);
        var request = new EncryptionMaterialsRequest(encryptionContext ?? NoContext, _options.CommitmentPolicy, _options.Suite, length);
        using var materials = await materialsManager.GetEncryptionMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        if (!materials.Suite.IsCommitting || materials.PlaintextDataKey is null || materials.EncryptedDataKeys.Count == 0)
        {
            throw new EncryptionSdkException("The materials manager returned materials with a non-committing suite, no data key or no encrypted data key.");
        }

        if (materials.EncryptedDataKeys.Count > _options.MaxEncryptedDataKeys)
        {
            throw new EncryptionSdkException($"The materials hold {materials.EncryptedDataKeys.Count} encrypted data keys; this client allows at most {_options.MaxEncryptedDataKeys}.");
        }

        KmsKitTelemetry.BytesEncrypted.Add(await MessageEncryptor.EncryptAsync(plaintext, output, materials, _options.FrameLength, cancellationToken).ConfigureAwait(false));
    }
}
