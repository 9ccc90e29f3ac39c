using System.Security.Cryptography;
using System.Text;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Keyrings;

/// <summary>
/// Wraps data keys with an RSA key held by the application, as the ESDKs' raw RSA keyring: provider id = key
/// namespace, provider info = key name, ciphertext = the RSA-encrypted data key. A public key only encrypts;
/// a private key does both.
/// </summary>
public sealed class RawRsaKeyring : IKeyring
{
    private readonly string _keyNamespace;
    private readonly byte[] _keyName;
    private readonly RSA _key;
    private readonly RSAEncryptionPadding _padding;
    private readonly bool _hasPrivateKey;

    /// <summary>The longest data key of any suite (AES-256).</summary>
    private const int MaxDataKeyLength = 32;

    /// <summary>Creates the keyring over <paramref name="key"/>, which the caller keeps and disposes.</summary>
    public RawRsaKeyring(string keyNamespace, string keyName, RSA key, RsaPaddingScheme padding)
    {
        _keyNamespace = RawKeyringNames.CheckNamespace(keyNamespace);
        _keyName = Encoding.UTF8.GetBytes(keyName ?? throw new ArgumentNullException(nameof(keyName)));
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _padding = padding.ToPadding();
        if (MaxPlaintextLength(key.KeySize / 8, padding) < MaxDataKeyLength)
        {
            throw new ArgumentException($"An RSA key of {key.KeySize} bits cannot wrap a {MaxDataKeyLength}-byte data key with {padding} padding: use a larger key.", nameof(key));
        }

        _hasPrivateKey = HasPrivateKey(key);
    }

    /// <inheritdoc />
    public ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is null)
        {
            materials.SetPlaintextDataKey(RandomNumberGenerator.GetBytes(materials.Suite.KeyLength));
        }

        var ciphertext = _key.Encrypt(materials.PlaintextDataKey!, _padding);
        materials.AddEncryptedDataKey(new EncryptedDataKey(_keyNamespace, _keyName, ciphertext));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is not null)
        {
            return ValueTask.CompletedTask;
        }

        if (!_hasPrivateKey)
        {
            throw new EncryptionSdkException($"The raw RSA keyring '{_keyNamespace}' holds only a public key: it cannot decrypt.");
        }

        foreach (var key in encryptedDataKeys)
        {
            if (key.ProviderId != _keyNamespace || !key.ProviderInfo.AsSpan().SequenceEqual(_keyName))
            {
                continue;
            }

            byte[] dataKey;
            try
            {
                dataKey = _key.Decrypt(key.Ciphertext, _padding);
            }
            catch (CryptographicException)
            {
                // Another padding or a damaged key: try the next one.
                continue;
            }

            if (dataKey.Length == materials.Suite.KeyLength)
            {
                materials.SetPlaintextDataKey(dataKey);
                return ValueTask.CompletedTask;
            }

            CryptographicOperations.ZeroMemory(dataKey);
        }

        throw new EncryptionSdkException($"The raw RSA keyring '{_keyNamespace}' could not unwrap any of the {encryptedDataKeys.Count} encrypted data keys.");
    }

    /// <summary>The most bytes RSA encryption with this padding takes (PKCS#1 v1.5: k - 11; OAEP: k - 2 hLen - 2).</summary>
    private static int MaxPlaintextLength(int modulusBytes, RsaPaddingScheme padding) => padding switch
    {
        RsaPaddingScheme.Pkcs1 => modulusBytes - 11,
        RsaPaddingScheme.OaepSha1 => modulusBytes - (2 * 20) - 2,
        RsaPaddingScheme.OaepSha256 => modulusBytes - (2 * 32) - 2,
        RsaPaddingScheme.OaepSha384 => modulusBytes - (2 * 48) - 2,
        _ => modulusBytes - (2 * 64) - 2,
    };

    private static bool HasPrivateKey(RSA key)
    {
        try
        {
            var parameters = key.ExportParameters(includePrivateParameters: true);
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
