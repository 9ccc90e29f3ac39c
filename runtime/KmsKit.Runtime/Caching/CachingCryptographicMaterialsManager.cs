using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime.Caching;

/// <summary>
/// Reuses data keys across messages to spare KMS calls, within limits: max age, max messages and max bytes per
/// data key. Plaintext of unknown length and suites without key derivation are never served from the cache.
/// Thread-safe; each message gets its own copy of the materials.
/// </summary>
public sealed class CachingCryptographicMaterialsManager : ICryptographicMaterialsManager
{
    private readonly ICryptographicMaterialsManager _inner;
    private readonly CryptographicMaterialsCache _cache;
    private readonly CachingCryptographicMaterialsManagerOptions _options;
    private readonly byte[] _partitionHash;
    private long _hits;
    private long _misses;

    /// <summary>Caches the materials of <paramref name="inner"/> in <paramref name="cache"/>.</summary>
    public CachingCryptographicMaterialsManager(ICryptographicMaterialsManager inner, CryptographicMaterialsCache cache, CachingCryptographicMaterialsManagerOptions options)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new CachingCryptographicMaterialsManagerOptions
        {
            MaxAge = options.MaxAge,
            MaxMessagesEncrypted = options.MaxMessagesEncrypted,
            MaxBytesEncrypted = options.MaxBytesEncrypted,
            PartitionId = options.PartitionId ?? Guid.NewGuid().ToString(),
            TimeProvider = options.TimeProvider,
        };
        _partitionHash = CacheIds.HashPartition(_options.PartitionId);
    }

    /// <summary>Caches the materials of a default materials manager over <paramref name="keyring"/>.</summary>
    public CachingCryptographicMaterialsManager(IKeyring keyring, CryptographicMaterialsCache cache, CachingCryptographicMaterialsManagerOptions options)
        : this(new DefaultCryptographicMaterialsManager(keyring), cache, options)
    {
    }

    /// <summary>Requests served from the cache.</summary>
    public long CacheHits => Interlocked.Read(ref _hits);

    /// <summary>Requests passed to the underlying materials manager (cacheable or not).</summary>
    public long CacheMisses => Interlocked.Read(ref _misses);

    /// <inheritdoc />
    public async ValueTask<EncryptionMaterials> GetEncryptionMaterialsAsync(EncryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        if (request.PlaintextLength is not { } length || request.Suite?.Kdf == KeyDerivation.None || length > _options.MaxBytesEncrypted)
        {
            Miss("encrypt");
            return await _inner.GetEncryptionMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var id = CacheIds.ForEncrypt(_partitionHash, request);
        var cached = _cache.TryUse(id, (Manager: this, Length: length), static (entry, state) => entry.Encryption is { } materials && state.Manager.IsFresh(entry) && state.Manager.Reserve(entry, state.Length) ? materials.Clone() : null);
        if (cached is not null)
        {
            Hit("encrypt");
            return cached;
        }

        Miss("encrypt");
        var fresh = await _inner.GetEncryptionMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        if (fresh.Suite.Kdf == KeyDerivation.None)
        {
            return fresh;
        }

        return Keep(new CacheEntry(id, _options.TimeProvider.GetUtcNow(), fresh.Clone(), null) { MessagesEncrypted = 1, BytesEncrypted = length }, fresh);
    }

    /// <inheritdoc />
    public async ValueTask<DecryptionMaterials> DecryptMaterialsAsync(DecryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Suite.Kdf == KeyDerivation.None)
        {
            Miss("decrypt");
            return await _inner.DecryptMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var id = CacheIds.ForDecrypt(_partitionHash, request);
        var cached = _cache.TryUse(id, this, static (entry, manager) => entry.Decryption is { } materials && manager.IsFresh(entry) ? materials.Clone() : null);
        if (cached is not null)
        {
            Hit("decrypt");
            return cached;
        }

        Miss("decrypt");
        var fresh = await _inner.DecryptMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        return Keep(new CacheEntry(id, _options.TimeProvider.GetUtcNow(), null, fresh.Clone()), fresh);
    }

    /// <summary>
    /// Caches <paramref name="entry"/> (a copy of <paramref name="fresh"/>) and returns <paramref name="fresh"/>; when the
    /// cache refuses it (disposed), <paramref name="fresh"/> is disposed too, so that its data key is zeroed.
    /// </summary>
    private T Keep<T>(CacheEntry entry, T fresh)
        where T : IDisposable
    {
        try
        {
            _cache.Put(entry);
        }
        catch
        {
            fresh.Dispose();
            throw;
        }

        return fresh;
    }

    private void Hit(string operation)
    {
        Interlocked.Increment(ref _hits);
        KmsKitTelemetry.CacheHits.Add(1, KmsKitTelemetry.Operation(operation));
    }

    private void Miss(string operation)
    {
        Interlocked.Increment(ref _misses);
        KmsKitTelemetry.CacheMisses.Add(1, KmsKitTelemetry.Operation(operation));
    }

    private bool IsFresh(CacheEntry entry) => _options.TimeProvider.GetUtcNow() - entry.CreatedAt < _options.MaxAge;

    /// <summary>Counts one more message of <paramref name="length"/> bytes against the entry, if its limits allow.</summary>
    private bool Reserve(CacheEntry entry, long length)
    {
        if (entry.MessagesEncrypted >= _options.MaxMessagesEncrypted || length > _options.MaxBytesEncrypted - entry.BytesEncrypted)
        {
            return false;
        }

        entry.MessagesEncrypted++;
        entry.BytesEncrypted += length;
        return true;
    }
}
