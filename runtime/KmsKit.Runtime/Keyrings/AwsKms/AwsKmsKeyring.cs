using Amazon.KeyManagementService;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>
/// Wraps data keys with one AWS KMS key (strict mode): generates the data key with GenerateDataKey when it is the
/// first keyring, otherwise encrypts it with Encrypt; decrypts only data keys wrapped by exactly this key, naming
/// the key in the Decrypt call. Works over any <see cref="IAmazonKeyManagementService"/> (AWS or the KmsKit engine).
/// </summary>
public sealed class AwsKmsKeyring : IKeyring
{
    private readonly AwsKmsClient _kms;
    private readonly string _keyId;
    private readonly List<string> _grantTokens;

    /// <summary>Creates the keyring. To decrypt, <paramref name="keyId"/> must be the key ARN (the message stores ARNs).</summary>
    public AwsKmsKeyring(IAmazonKeyManagementService kms, string keyId, IEnumerable<string>? grantTokens = null, ILogger? logger = null)
    {
        _kms = new AwsKmsClient(kms ?? throw new ArgumentNullException(nameof(kms)), logger ?? NullLogger.Instance);
        _keyId = string.IsNullOrWhiteSpace(keyId) ? throw new ArgumentException("Give the KMS key id or ARN.", nameof(keyId)) : keyId;
        _grantTokens = grantTokens?.ToList() ?? [];
    }

    /// <summary>
    /// The usual KMS keyring of the ESDKs: <paramref name="generatorKeyId"/> generates the data key and every
    /// key of <paramref name="additionalKeyIds"/> wraps it as well; any of them can decrypt.
    /// </summary>
    public static IKeyring Create(IAmazonKeyManagementService kms, string? generatorKeyId, IEnumerable<string>? additionalKeyIds = null, IEnumerable<string>? grantTokens = null, ILogger? logger = null)
    {
        var tokens = grantTokens?.ToList();
        var generator = generatorKeyId is null ? null : new AwsKmsKeyring(kms, generatorKeyId, tokens, logger);
        var children = (additionalKeyIds ?? []).Select(id => (IKeyring)new AwsKmsKeyring(kms, id, tokens, logger)).ToList();
        return generator is not null && children.Count == 0 ? generator : new MultiKeyring(generator, children);
    }

    /// <inheritdoc />
    public async ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is null)
        {
            var (plaintext, wrapped) = await AwsKmsDataKeys.GenerateAsync(_kms, _keyId, materials.Suite.KeyLength, materials.EncryptionContext, _grantTokens, cancellationToken).ConfigureAwait(false);
            materials.SetPlaintextDataKey(plaintext);
            materials.AddEncryptedDataKey(wrapped);
            return;
        }

        materials.AddEncryptedDataKey(await AwsKmsDataKeys.EncryptAsync(_kms, _keyId, materials.PlaintextDataKey, materials.EncryptionContext, _grantTokens, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is not null)
        {
            return;
        }

        var failures = new List<Exception>();
        foreach (var key in Candidates(_keyId, encryptedDataKeys))
        {
            try
            {
                materials.SetPlaintextDataKey(await AwsKmsDataKeys.DecryptAsync(_kms, _keyId, key, materials.Suite.KeyLength, materials.EncryptionContext, _grantTokens, cancellationToken).ConfigureAwait(false));
                return;
            }
            catch (EncryptionSdkException e)
            {
                failures.Add(e);
            }
        }

        throw AwsKmsFailures.NoneUnwrapped($"The AWS KMS keyring for '{_keyId}'", encryptedDataKeys.Count, failures);
    }

    /// <summary>The data keys this keyring may send to KMS: wrapped by KMS, by exactly this key.</summary>
    internal static IEnumerable<EncryptedDataKey> Candidates(string keyId, IEnumerable<EncryptedDataKey> encryptedDataKeys) =>
        encryptedDataKeys.Where(key => AwsKmsProviderInfo.KeyArn(key)?.ToString() == keyId);
}
