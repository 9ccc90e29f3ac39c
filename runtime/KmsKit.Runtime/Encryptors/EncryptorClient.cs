using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// What generated encryptors share: the <see cref="EncryptionClient"/> and, per KMS key, a materials manager
/// over a KMS keyring. Keys given as an id or alias are resolved to their key ARN once (decrypting names the
/// key by ARN). Thread-safe; register one per application.
/// </summary>
public sealed class EncryptorClient
{
    private readonly IAmazonKeyManagementService _kms;
    private readonly IReadOnlyDictionary<string, string> _keys;
    private readonly List<string> _grantTokens;
    private readonly ConcurrentDictionary<EncryptorKey, ICryptographicMaterialsManager> _materials = new();

    /// <summary>Binds the encryptors to a KMS (AWS or the KmsKit engine), an encryption client and the named keys.</summary>
    public EncryptorClient(IAmazonKeyManagementService kms, EncryptionClient? client = null, EncryptorKeyOptions? options = null)
    {
        _kms = kms ?? throw new ArgumentNullException(nameof(kms));
        Client = client ?? new EncryptionClient();
        _keys = new Dictionary<string, string>(options?.Keys ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        _grantTokens = options?.GrantTokens.ToList() ?? [];
    }

    internal EncryptionClient Client { get; }

    /// <summary>The materials manager of <paramref name="key"/>, made on first use.</summary>
    internal async ValueTask<ICryptographicMaterialsManager> MaterialsAsync(EncryptorKey key, CancellationToken cancellationToken)
    {
        if (_materials.TryGetValue(key, out var materials))
        {
            return materials;
        }

        var arn = await KeyArnAsync(KeyIdOf(key), cancellationToken).ConfigureAwait(false);
        return _materials.GetOrAdd(key, new DefaultCryptographicMaterialsManager(new AwsKmsKeyring(_kms, arn, _grantTokens)));
    }

    private string KeyIdOf(EncryptorKey key)
    {
        if (key.KeyId is { } keyId)
        {
            return keyId;
        }

        return _keys.TryGetValue(key.KeyName ?? string.Empty, out var named)
            ? named
            : throw new InvalidOperationException($"No KMS key is configured for the key name '{key.KeyName}': add it to EncryptorKeyOptions.Keys (AddKmsKitEncryptors(keys => keys.Keys[\"{key.KeyName}\"] = \"arn:aws:kms:...\")).");
    }

    private async Task<string> KeyArnAsync(string keyId, CancellationToken cancellationToken)
    {
        if (AwsKmsArn.TryParse(keyId) is { IsKey: true })
        {
            return keyId;
        }

        var described = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId, GrantTokens = _grantTokens }, cancellationToken).ConfigureAwait(false);
        return described.KeyMetadata.Arn;
    }
}
