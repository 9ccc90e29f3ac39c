using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// Policy text to parsed document, thread-safe and bounded, so that the engine parses each distinct policy once.
/// When full it starts over: policies are few and re-parsing is cheap next to a wrong eviction scheme.
/// </summary>
public sealed class PolicyCache
{
    private readonly ConcurrentDictionary<(string Text, PolicyKind Kind), PolicyDocument> _documents = new();
    // In front, by reference: the engine's cached key records hand over the same string on every request, and
    // finding it this way skips hashing and comparing a policy of up to 32 KB. Entries go with their strings.
    private readonly ConditionalWeakTable<string, PolicyDocument> _keyPoliciesByReference = new();
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
        if (kind == PolicyKind.KeyPolicy && _keyPoliciesByReference.TryGetValue(json, out var same))
        {
            return same;
        }

        if (!_documents.TryGetValue((json, kind), out var document))
        {
            var parsed = PolicyDocument.Parse(json, kind);
            if (_documents.Count >= _capacity)
            {
                _documents.Clear();
            }

            document = _documents.GetOrAdd((json, kind), parsed);
        }

        if (kind == PolicyKind.KeyPolicy)
        {
            _keyPoliciesByReference.AddOrUpdate(json, document);
        }

        return document;
    }
}
