using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;

namespace KmsKit.Runtime.Keyrings;

/// <summary>
/// Wraps data keys with an AES-GCM key held by the application, as the ESDKs' raw AES keyring: provider id =
/// key namespace; provider info = key name + tag length in bits u32 + IV length u32 + IV; ciphertext = wrapped
/// key + tag; AAD = the serialized encryption context.
/// </summary>
public sealed class RawAesKeyring : IKeyring, IDisposable
{
    private const int TagLengthBits = FormatConstants.TagLength * 8;
    private readonly string _keyNamespace;
    private readonly byte[] _keyName;
    private readonly byte[] _wrappingKey;
    private bool _disposed;

    /// <summary>Creates the keyring; the wrapping key (16, 24 or 32 bytes) is copied and zeroed on dispose.</summary>
    public RawAesKeyring(string keyNamespace, string keyName, ReadOnlySpan<byte> wrappingKey)
    {
        _keyNamespace = RawKeyringNames.CheckNamespace(keyNamespace);
        _keyName = Encoding.UTF8.GetBytes(keyName ?? throw new ArgumentNullException(nameof(keyName)));
        if (wrappingKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES wrapping key has 16, 24 or 32 bytes, not {wrappingKey.Length}.", nameof(wrappingKey));
        }

        _wrappingKey = wrappingKey.ToArray();
    }

    private int ProviderInfoLength => _keyName.Length + 8 + FormatConstants.IvLength;

    /// <inheritdoc />
    public ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (materials.PlaintextDataKey is null)
        {
            materials.SetPlaintextDataKey(RandomNumberGenerator.GetBytes(materials.Suite.KeyLength));
        }

        var dataKey = materials.PlaintextDataKey!;
        var providerInfo = new byte[ProviderInfoLength];
        _keyName.CopyTo(providerInfo, 0);
        BinaryPrimitives.WriteUInt32BigEndian(providerInfo.AsSpan(_keyName.Length), TagLengthBits);
        BinaryPrimitives.WriteUInt32BigEndian(providerInfo.AsSpan(_keyName.Length + 4), FormatConstants.IvLength);
        var iv = providerInfo.AsSpan(_keyName.Length + 8);
        RandomNumberGenerator.Fill(iv);

        var ciphertext = new byte[dataKey.Length + FormatConstants.TagLength];
        using var aes = new AesGcm(_wrappingKey, FormatConstants.TagLength);
        aes.Encrypt(iv, dataKey, ciphertext.AsSpan(0, dataKey.Length), ciphertext.AsSpan(dataKey.Length), EncryptionContextSerializer.Serialize(materials.EncryptionContext));
        materials.AddEncryptedDataKey(new EncryptedDataKey(_keyNamespace, providerInfo, ciphertext));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (materials.PlaintextDataKey is not null)
        {
            return ValueTask.CompletedTask;
        }

        var aad = EncryptionContextSerializer.Serialize(materials.EncryptionContext);
        using var aes = new AesGcm(_wrappingKey, FormatConstants.TagLength);
        foreach (var key in encryptedDataKeys)
        {
            if (!IsOurs(key) || key.Ciphertext.Length != materials.Suite.KeyLength + FormatConstants.TagLength)
            {
                continue;
            }

            var dataKey = new byte[materials.Suite.KeyLength];
            try
            {
                aes.Decrypt(key.ProviderInfo.AsSpan(_keyName.Length + 8), key.Ciphertext.AsSpan(0, dataKey.Length), key.Ciphertext.AsSpan(dataKey.Length), dataKey, aad);
                materials.SetPlaintextDataKey(dataKey);
                return ValueTask.CompletedTask;
            }
            catch (CryptographicException)
            {
                // Wrapped under another context or key with the same name: try the next one.
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        throw new EncryptionSdkException($"The raw AES keyring '{_keyNamespace}' could not unwrap any of the {encryptedDataKeys.Count} encrypted data keys.");
    }

    /// <summary>Zeroes the wrapping key; the keyring then refuses to wrap or unwrap.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_wrappingKey);
    }

    private bool IsOurs(EncryptedDataKey key)
    {
        var info = key.ProviderInfo.AsSpan();
        return key.ProviderId == _keyNamespace
            && info.Length == ProviderInfoLength
            && info.StartsWith(_keyName)
            && BinaryPrimitives.ReadUInt32BigEndian(info[_keyName.Length..]) == TagLengthBits
            && BinaryPrimitives.ReadUInt32BigEndian(info[(_keyName.Length + 4)..]) == FormatConstants.IvLength;
    }
}
