using System;
using System.Collections.Concurrent;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// Policy text to parsed document, thread-safe and bounded, so that the engine parses each distinct policy once.
/// When full it starts over: policies are few and re-parsing is cheap next to a wrong eviction scheme.
/// </summary>
public sealed class PolicyCache
{
    private readonly ConcurrentDictionary<(string Text, PolicyKind Kind), PolicyDocument> _documents = new();
    private readonly int _capacity;

    public PolicyCache(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _documents.Count;

    /// <summary>The parsed <paramref name="json"/>; a malformed policy throws as <see cref="PolicyDocument.Parse"/> does and is not kept.</summary>
    public PolicyDocument Get(string json, PolicyKind kind = PolicyKind.KeyPolicy)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (_documents.TryGetValue((json, kind), out var cached))
        {
            return cached;
        }

        var parsed = PolicyDocument.Parse(json, kind);
        if (_documents.Count >= _capacity)
        {
            _documents.Clear();
        }

        return _documents.GetOrAdd((json, kind), parsed);
    }
}
