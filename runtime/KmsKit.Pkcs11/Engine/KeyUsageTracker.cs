using System;
using System.Collections.Concurrent;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The last successful cryptographic operation per key, for GetKeyLastUsage. Kept in memory at every use and
/// written to the store at most once per <see cref="WriteInterval"/> per key, so that the hot path does not
/// pay a database write: other processes see a key's usage with at most that delay.
/// </summary>
internal sealed class KeyUsageTracker
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    private readonly IKeyStore _store;
    private readonly ConcurrentDictionary<string, KeyUsageRecord> _latest = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new();

    public KeyUsageTracker(IKeyStore store) => _store = store;

    public void Record(string keyId, string operation, DateTimeOffset now)
    {
        var usage = new KeyUsageRecord(keyId, operation, now, Guid.NewGuid().ToString("D"));
        _latest[keyId] = usage;
        if (!_written.TryGetValue(keyId, out var written) || now - written >= WriteInterval)
        {
            _written[keyId] = now;
            _store.RecordUsage(usage);
        }
    }

    /// <summary>The later of this process's last usage and the store's.</summary>
    public KeyUsageRecord? Last(string keyId)
    {
        var stored = _store.FindUsage(keyId);
        return _latest.TryGetValue(keyId, out var local) && (stored is null || local.UsedAt >= stored.UsedAt) ? local : stored;
    }

    /// <summary>Writes what the interval held back (when the engine closes).</summary>
    public void Flush()
    {
        foreach (var usage in _latest.Values)
        {
            _store.RecordUsage(usage);
        }
    }
}
