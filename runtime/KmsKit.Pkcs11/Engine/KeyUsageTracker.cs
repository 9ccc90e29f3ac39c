using System;
using System.Collections.Concurrent;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The last successful cryptographic operation per key, for GetKeyLastUsage. Kept in memory at every use and
/// written to the store at most once per <see cref="WriteInterval"/> per key, so that the hot path does not
/// pay a database write: other processes see a key's usage with at most that delay. A use costs a dictionary
/// lookup and an uncontended lock; its request id is only made when someone reads or writes the usage.
/// </summary>
internal sealed class KeyUsageTracker
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    private readonly IKeyStore _store;
    private readonly ConcurrentDictionary<string, LastUse> _latest = new();

    public KeyUsageTracker(IKeyStore store) => _store = store;

    public void Record(string keyId, string operation, DateTimeOffset now)
    {
        var due = _latest.GetOrAdd(keyId, static id => new LastUse(id)).Note(operation, now);
        if (due is not null)
        {
            _store.RecordUsage(due);
        }
    }

    /// <summary>The later of this process's last usage and the store's.</summary>
    public KeyUsageRecord? Last(string keyId)
    {
        var stored = _store.FindUsage(keyId);
        var local = _latest.TryGetValue(keyId, out var use) ? use.Record() : null;
        return local is not null && (stored is null || local.UsedAt >= stored.UsedAt) ? local : stored;
    }

    /// <summary>Writes what the interval held back (when the engine closes).</summary>
    public void Flush()
    {
        foreach (var use in _latest.Values)
        {
            if (use.Record() is { } usage)
            {
                _store.RecordUsage(usage);
            }
        }
    }

    /// <summary>One key's last use in this process, and when it was last written to the store.</summary>
    private sealed class LastUse(string keyId)
    {
        private readonly object _gate = new();
        private string? _operation;
        private DateTimeOffset _usedAt;
        private DateTimeOffset? _writtenAt;
        private KeyUsageRecord? _record;

        /// <summary>Notes a use; returns its record when it is due to be written to the store.</summary>
        public KeyUsageRecord? Note(string operation, DateTimeOffset now)
        {
            lock (_gate)
            {
                _operation = operation;
                _usedAt = now;
                _record = null;
                if (_writtenAt is { } written && now - written < WriteInterval)
                {
                    return null;
                }

                _writtenAt = now;
                return RecordLocked();
            }
        }

        public KeyUsageRecord? Record()
        {
            lock (_gate)
            {
                return _operation is null ? null : RecordLocked();
            }
        }

        // The request id is made once per use, when first asked for, so that repeated reads agree.
        private KeyUsageRecord RecordLocked() =>
            _record ??= new KeyUsageRecord(keyId, _operation!, _usedAt, Guid.NewGuid().ToString("D"));
    }
}
