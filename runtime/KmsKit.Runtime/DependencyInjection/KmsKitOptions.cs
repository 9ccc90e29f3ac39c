namespace KmsKit.Runtime.DependencyInjection;

/// <summary>What <c>AddKmsKit</c> builds: the KMS keys, the client settings and optional data-key caching.</summary>
public sealed class KmsKitOptions
{
    /// <summary>The KMS key that generates data keys (key id, ARN or alias; decrypting needs key ARNs).</summary>
    public string? GeneratorKeyId { get; set; }

    /// <summary>More KMS keys that wrap each data key too; any of them can decrypt.</summary>
    public IList<string> AdditionalKeyIds { get; } = [];

    /// <summary>Grant tokens passed to every KMS call.</summary>
    public IList<string> GrantTokens { get; } = [];

    /// <summary>Suite, frame length, commitment policy and data-key limit of the client.</summary>
    public EncryptionClientOptions Client { get; } = new();

    /// <summary>Data-key caching; null (the default) calls KMS for every message.</summary>
    public KmsKitCachingOptions? Caching { get; set; }
}

/// <summary>The data-key cache of <see cref="KmsKitOptions"/>.</summary>
public sealed class KmsKitCachingOptions
{
    /// <summary>How long a data key may be used (required).</summary>
    public TimeSpan MaxAge { get; set; }

    /// <summary>How many messages one data key may encrypt.</summary>
    public long MaxMessagesEncrypted { get; set; } = 1L << 32;

    /// <summary>How many plaintext bytes one data key may encrypt.</summary>
    public long MaxBytesEncrypted { get; set; } = long.MaxValue;

    /// <summary>How many entries the cache holds.</summary>
    public int Capacity { get; set; } = 1000;
}
