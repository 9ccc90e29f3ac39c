using Amazon.KeyManagementService;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>
/// Decrypts data keys wrapped by any KMS key the caller may use (discovery mode), optionally only keys of some
/// accounts in one partition. It cannot encrypt: encryption needs named keys.
/// </summary>
public sealed class AwsKmsDiscoveryKeyring : IKeyring
{
    private readonly AwsKmsClient _kms;
    private readonly DiscoveryFilter? _filter;
    private readonly List<string> _grantTokens;

    /// <summary>Creates the keyring; without a filter any KMS key named in the message is tried.</summary>
    public AwsKmsDiscoveryKeyring(IAmazonKeyManagementService kms, DiscoveryFilter? filter = null, IEnumerable<string>? grantTokens = null, ILogger? logger = null)
    {
        _kms = new AwsKmsClient(kms ?? throw new ArgumentNullException(nameof(kms)), logger ?? NullLogger.Instance);
        _filter = filter;
        _grantTokens = grantTokens?.ToList() ?? [];
    }

    /// <inheritdoc />
    public ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default) =>
        throw new EncryptionSdkException("An AWS KMS discovery keyring cannot encrypt: use an AwsKmsKeyring with a key id.");

    /// <inheritdoc />
    public async ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is not null)
        {
            return;
        }

        var failures = new List<Exception>();
        foreach (var (key, arn) in Candidates(_filter, encryptedDataKeys))
        {
            try
            {
                materials.SetPlaintextDataKey(await AwsKmsDataKeys.DecryptAsync(_kms, arn.ToString(), key, materials.Suite.KeyLength, materials.EncryptionContext, _grantTokens, cancellationToken).ConfigureAwait(false));
                return;
            }
            catch (EncryptionSdkException e)
            {
                failures.Add(e);
            }
        }

        throw AwsKmsFailures.NoneUnwrapped("The AWS KMS discovery keyring", encryptedDataKeys.Count, failures);
    }

    /// <summary>The data keys wrapped by a KMS key ARN that the filter allows.</summary>
    internal static IEnumerable<(EncryptedDataKey Key, AwsKmsArn Arn)> Candidates(DiscoveryFilter? filter, IEnumerable<EncryptedDataKey> encryptedDataKeys) =>
        from key in encryptedDataKeys
        let arn = AwsKmsProviderInfo.KeyArn(key)
        where arn is not null && (filter is null || filter.Allows(arn))
        select (key, arn);
}
