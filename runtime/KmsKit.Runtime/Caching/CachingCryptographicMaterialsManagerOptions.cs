namespace KmsKit.Runtime.Caching;

/// <summary>The security thresholds of a <see cref="CachingCryptographicMaterialsManager"/>.</summary>
public sealed class CachingCryptographicMaterialsManagerOptions
{
    /// <summary>How long an entry may be used after it was made (required, greater than zero).</summary>
    public TimeSpan MaxAge { get; set; }

    /// <summary>How many messages one data key may encrypt (1 to 2^32; default 2^32).</summary>
    public long MaxMessagesEncrypted { get; set; } = 1L << 32;

    /// <summary>How many plaintext bytes one data key may encrypt (default: no limit below 2^63 - 1).</summary>
    public long MaxBytesEncrypted { get; set; } = long.MaxValue;

    /// <summary>Keeps this manager's entries apart from other managers sharing the cache; by default a random id.</summary>
    public string? PartitionId { get; set; }

    /// <summary>The clock of max age (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), MaxAge, "The max age of cached materials must be greater than zero.");
        }

        if (MaxMessagesEncrypted is < 1 or > (1L << 32))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessagesEncrypted), MaxMessagesEncrypted, "The max messages per data key must be between 1 and 2^32.");
        }

        if (MaxBytesEncrypted < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytesEncrypted), MaxBytesEncrypted, "The max bytes per data key cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
