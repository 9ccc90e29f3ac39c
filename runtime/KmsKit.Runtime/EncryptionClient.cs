using System.Buffers;
using System.Security.Cryptography;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Pipelines;
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
            MaxBodySize = given.MaxBodySize,
        };
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into one message under the keyring's keys.</summary>
    public Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, IKeyring keyring, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default) =>
        EncryptAsync(plaintext, new DefaultCryptographicMaterialsManager(keyring), encryptionContext, cancellationToken);

    /// <summary>Encrypts <paramref name="plaintext"/> into one message with the materials manager's materials.</summary>
    public async Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Encrypt");
        using var materials = await GetMaterialsAsync(plaintext.Length, materialsManager, encryptionContext, cancellationToken).ConfigureAwait(false);
        using var encryptor = MessageEncryptor.Start(materials, _options.FrameLength);

        // Uninitialized is safe: the array is the message's exact length (footer signatures included: they have one
        // length per curve) and Encrypt writes every byte of it, header, frames and footer, end to end.
        var message = GC.AllocateUninitializedArray<byte>(ArrayLength(encryptor.MessageLength(plaintext.Length)));
        var length = encryptor.Encrypt(plaintext.Span, message);
        if (length != message.Length)
        {
            throw new EncryptionSdkException($"The message is {length} bytes, not the {message.Length} it was sized for.");
        }

        KmsKitTelemetry.BytesEncrypted.Add(plaintext.Length);
        return message;
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into one message appended to <paramref name="ciphertext"/>, which is
    /// asked once for a span of the message's length; returns the message's length.
    /// </summary>
    public async Task<int> EncryptAsync(ReadOnlyMemory<byte> plaintext, IBufferWriter<byte> ciphertext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Encrypt");
        using var materials = await GetMaterialsAsync(plaintext.Length, materialsManager, encryptionContext, cancellationToken).ConfigureAwait(false);
        using var encryptor = MessageEncryptor.Start(materials, _options.FrameLength);
        var length = encryptor.Encrypt(plaintext.Span, ciphertext.GetSpan(ArrayLength(encryptor.MessageLength(plaintext.Length))));
        ciphertext.Advance(length);
        KmsKitTelemetry.BytesEncrypted.Add(plaintext.Length);
        return length;
    }

    /// <summary>Encrypts a stream into a message written to <paramref name="ciphertext"/>, holding two frames in memory at most.</summary>
    public Task EncryptAsync(Stream plaintext, Stream ciphertext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(materialsManager);
        EnsureCan(plaintext.CanRead, "read", nameof(plaintext));
        EnsureCan(ciphertext.CanWrite, "written", nameof(ciphertext));
        return EncryptStreamAsync(plaintext, ciphertext, materialsManager, encryptionContext, cancellationToken);
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
        ArgumentNullException.ThrowIfNull(materialsManager);
        CheckContext(encryptionContext);
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Decrypt");

        // Into one array of the plaintext's length, returned only once the whole message is verified.
        return await InMemoryMessageDecryptor.DecryptAsync(message, materialsManager, encryptionContext ?? NoContext, _options, cancellationToken).ConfigureAwait(false);
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
        EnsureCan(ciphertext.CanRead, "read", nameof(ciphertext));
        EnsureCan(plaintext.CanWrite, "written", nameof(plaintext));
        CheckContext(encryptionContext);
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Decrypt");
        var info = await MessageDecryptor.DecryptAsync(ciphertext, plaintext, materialsManager, encryptionContext ?? NoContext, _options, release, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("kmskit.suite", info.Suite.ToString());
        return info;
    }

    /// <summary>Refuses null values, naming the key only (values may be secret).</summary>
    private static void CheckContext(IReadOnlyDictionary<string, string>? encryptionContext)
    {
        if (encryptionContext is null || encryptionContext.Count == 0)
        {
            return;
        }

        foreach (var pair in encryptionContext)
        {
            if (pair.Value is null)
            {
                throw new ArgumentException($"The encryption context key '{pair.Key}' has a null value.", nameof(encryptionContext));
            }
        }
    }

    private static void EnsureCan(bool can, string what, string name)
    {
        if (!can)
        {
            throw new ArgumentException($"The stream '{name}' cannot be {what}.", name);
        }
    }

    private static int ArrayLength(long messageLength) => messageLength <= Array.MaxLength
        ? (int)messageLength
        : throw new EncryptionSdkException($"The message would be {messageLength} bytes, more than an array holds: encrypt through the Stream overload.");

    private async Task EncryptStreamAsync(Stream plaintext, Stream ciphertext, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken cancellationToken)
    {
        using var activity = KmsKitTelemetry.Source.StartActivity("KmsKit.Encrypt");
        long? length = plaintext.CanSeek ? Math.Max(0, plaintext.Length - plaintext.Position) : null;
        using var materials = await GetMaterialsAsync(length, materialsManager, encryptionContext, cancellationToken).ConfigureAwait(false);
        using var encryptor = MessageEncryptor.Start(materials, _options.FrameLength);
        KmsKitTelemetry.BytesEncrypted.Add(await encryptor.EncryptAsync(plaintext, ciphertext, cancellationToken).ConfigureAwait(false));
    }

    private async ValueTask<EncryptionMaterials> GetMaterialsAsync(long? length, ICryptographicMaterialsManager materialsManager, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(materialsManager);
        CheckContext(encryptionContext);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new EncryptionMaterialsRequest(encryptionContext ?? NoContext, _options.CommitmentPolicy, _options.Suite, length);
        var materials = await materialsManager.GetEncryptionMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!materials.Suite.IsCommitting || materials.PlaintextDataKey is null || materials.EncryptedDataKeys.Count == 0)
            {
                throw new EncryptionSdkException("The materials manager returned materials with a non-committing suite, no data key or no encrypted data key.");
            }

            if (materials.EncryptedDataKeys.Count > _options.MaxEncryptedDataKeys)
            {
                throw new EncryptionSdkException($"The materials hold {materials.EncryptedDataKeys.Count} encrypted data keys; this client allows at most {_options.MaxEncryptedDataKeys}.");
            }

            cancellationToken.ThrowIfCancellationRequested();

            return materials;
        }
        catch
        {
            materials.Dispose();
            throw;
        }
    }
}
