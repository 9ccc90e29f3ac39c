namespace KmsKit.Runtime.Caching;

/// <summary>
/// An in-memory, thread-safe, least-recently-used store of materials keyed by cache id. Evicted and replaced
/// entries are disposed, which zeroes their data keys. Several caching materials managers may share one
/// cache; their partition ids keep their entries apart.
/// </summary>
public sealed class CryptographicMaterialsCache : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<CacheEntry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<CacheEntry> _recency = new();
    private bool _disposed;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> entries.</summary>
    public CryptographicMaterialsCache(int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most entries held; adding one more evicts the least recently used.</summary>
    public int Capacity { get; }

    /// <summary>The number of entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> on the entry and <paramref name="state"/> under the cache lock; when it returns
    /// null the entry is evicted. Returns null when there is no entry or it was evicted. The state argument lets
    /// callers pass a static lambda: no closure allocated per message.
    /// </summary>
    internal T? TryUse<TState, T>(string id, TState state, Func<CacheEntry, TState, T?> use)
        where T : class
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(id, out var node))
            {
                return null;
            }

            var result = use(node.Value, state);
            if (result is null)
            {
                Remove(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return result;
        }
    }

    /// <summary>Adds or replaces the entry with this id, evicting the least recently used beyond capacity.</summary>
    internal void Put(CacheEntry entry)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                entry.Dispose();
                throw new ObjectDisposedException(GetType().FullName);
            }

            if (_entries.TryGetValue(entry.Id, out var existing))
            {
                Remove(existing);
            }

            _entries.Add(entry.Id, _recency.AddFirst(entry));
            while (_entries.Count > Capacity)
            {
                Remove(_recency.Last!);
            }
        }
    }

    /// <summary>Disposes every entry; the cache then refuses to be used (<see cref="ObjectDisposedException"/>).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_recency.Last is { } last)
            {
                Remove(last);
            }
        }
    }

    private void Remove(LinkedListNode<CacheEntry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Id);
        node.Value.Dispose();
    }
}
