using System;
using System.Collections.Concurrent;
using System.Threading;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// Key and alias records as last read from the store, valid while the store's <see cref="StoreChangeCounter"/>
/// has not moved since they were read: any committed write, by any engine in any process, drops them all.
/// Entries also expire after <see cref="MaxAge"/>, which bounds staleness should a writer die between its
/// commit and its increment.
/// </summary>
internal sealed class StoreRecordCache
{
    private static readonly long MaxAge = (long)TimeSpan.FromSeconds(1).TotalMilliseconds;

    private readonly StoreChangeCounter _counter;
    private readonly ConcurrentDictionary<(KeyScope Scope, string Name), Entry> _entries = new();
    private long _version = long.MinValue;

    public StoreRecordCache(StoreChangeCounter counter) => _counter = counter;

    /// <summary>The cached record, or the one <paramref name="read"/> returns for <paramref name="state"/> (cached unless null).</summary>
    public T? GetOrRead<T, TState>(KeyScope scope, string name, TState state, Func<TState, T?> read)
        where T : class
    {
        // The counter is sampled before reading, so that a write committed meanwhile invalidates what is read.
        var version = _counter.Value;
        if (version != Volatile.Read(ref _version))
        {
            _entries.Clear();
            Volatile.Write(ref _version, version);
        }

        var now = Environment.TickCount64;
        if (_entries.TryGetValue((scope, name), out var entry) && entry.Version == version && now - entry.ReadAt < MaxAge
            && entry.Record is T record)
        {
            return record;
        }

        var value = read(state);
        if (value is not null)
        {
            _entries[(scope, name)] = new Entry(value, version, now);
        }

        return value;
    }

    private sealed record Entry(object Record, long Version, long ReadAt);
}
