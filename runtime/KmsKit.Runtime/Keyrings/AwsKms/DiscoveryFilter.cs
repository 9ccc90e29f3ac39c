namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>Limits a discovery keyring to the keys of some accounts in one partition.</summary>
public sealed class DiscoveryFilter
{
    /// <summary>Creates the filter; give at least one account id.</summary>
    public DiscoveryFilter(string partition, IEnumerable<string> accountIds)
    {
        Partition = string.IsNullOrEmpty(partition) ? throw new ArgumentException("Give the partition, for example 'aws'.", nameof(partition)) : partition;
        AccountIds = accountIds?.ToHashSet(StringComparer.Ordinal) ?? throw new ArgumentNullException(nameof(accountIds));
        if (AccountIds.Count == 0 || AccountIds.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Give at least one account id, none empty.", nameof(accountIds));
        }
    }

    /// <summary>The partition (aws, aws-cn, aws-us-gov, ...).</summary>
    public string Partition { get; }

    /// <summary>The accounts whose keys may be used.</summary>
    public IReadOnlySet<string> AccountIds { get; }

    /// <summary>Whether the key is in the partition and one of the accounts.</summary>
    public bool Allows(AwsKmsArn arn) => arn.Partition == Partition && AccountIds.Contains(arn.Account);
}
