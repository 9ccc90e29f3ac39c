using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The life of key material: created, rotated and destroyed in an order that never leaves usable material
/// without metadata nor metadata pointing at missing material. Every HSM write is bracketed by a metadata
/// row that is "not ready" until the HSM write is done; <see cref="Repair"/> finishes what a crash interrupted.
/// </summary>
internal sealed class KeyMaterials
{
    /// <summary>
    /// Unfinished rows younger than this may belong to a live engine in another process: repair at open leaves them.
    /// Longer than <see cref="RotationLease"/> because a key's creation is not yet checked at completion the way a
    /// rotation is: rolling back a live creation would leave its engine reporting a key that is gone.
    /// </summary>
    internal static readonly TimeSpan RepairAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an unfinished rotation row is taken to be a live engine's. A rotation makes one AES key, in milliseconds;
    /// a row older than this was left by a crash, and the next rotation rolls it back. Rolling back a live but slow
    /// rotation is safe: its completion then finds its row gone and fails (<see cref="IKeyStore.TryCompleteRotation"/>).
    /// </summary>
    public static readonly TimeSpan RotationLease = TimeSpan.FromMinutes(1);

    private readonly IKeyStore _store;
    private readonly Pkcs11Token _token;
    private readonly ConcurrentDictionary<(string KeyId, int Version), Material> _materialIds = new();

    public KeyMaterials(IKeyStore store, Pkcs11Token token)
    {
        _store = store;
        _token = token;
    }

    public static string NewMaterialId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    public static byte[] TokenId(string materialId) => Convert.FromHexString(materialId);

    /// <summary>Records the key, generates its material in the HSM, then makes the key <paramref name="state"/>.</summary>
    public void Create(KeyRecord key, KeySpecInfo spec, string state)
    {
        var material = new KeyMaterialRecord(key.KeyId, key.CurrentVersion, NewMaterialId(), key.CreatedAt, null, Ready: false);
        _store.BeginCreateKey(key with { State = KeyStates.Creating }, material);
        try
        {
            Generate(spec, key.KeyUsage, material);
        }
        catch
        {
            _token.Destroy(TokenId(material.MaterialId));
            _store.DeleteKey(key.KeyId);
            throw;
        }

        _store.CompleteCreateKey(key.KeyId, state);
    }

    /// <summary>
    /// Adds a new material version and makes it current. False when this call did not rotate: another engine's rotation
    /// of the key is under way (its row is within its lease) or finished first. A row left by a crash is rolled back first.
    /// </summary>
    /// <param name="rotationDate">The date the rotation reports: now, or an automatic rotation's scheduled date.</param>
    /// <param name="now">The writer's clock, from which the lease on the unfinished row runs.</param>
    public bool Rotate(KeyRecord key, DateTimeOffset rotationDate, bool onDemand, DateTimeOffset? nextRotationAt, DateTimeOffset now)
    {
        var spec = KeySpecInfo.Get(key.KeySpec);
        var material = new KeyMaterialRecord(
            key.KeyId, key.CurrentVersion + 1, NewMaterialId(), rotationDate, onDemand ? RotationType.ON_DEMAND.Value : RotationType.AUTOMATIC.Value, Ready: false, BeganAt: now);
        if (!TryBeginRotation(material, now))
        {
            return false;
        }

        try
        {
            Generate(spec, key.KeyUsage, material);
        }
        catch
        {
            Discard(material);
            throw;
        }

        // A store failure here leaves the row unfinished, with its material: the lease then lets another rotation roll it back.
        if (_store.TryCompleteRotation(material with { Ready = true }, key.CurrentVersion, nextRotationAt, onDemand))
        {
            return true;
        }

        Discard(material);
        return false;
    }

    /// <summary>
    /// Records the unfinished row. A row of that version already there is another engine's rotation: false while it is
    /// within its lease; past it, its writer crashed, and the row and its material are rolled back (it never became
    /// current, so nothing was encrypted under it) before one more try.
    /// </summary>
    private bool TryBeginRotation(KeyMaterialRecord material, DateTimeOffset now)
    {
        if (_store.TryBeginAddMaterial(material))
        {
            return true;
        }

        var existing = _store.ListMaterials(material.KeyId, includeUnfinished: true).FirstOrDefault(m => m.Version == material.Version);
        if (existing is null || existing.Ready || now - existing.Begun < RotationLease)
        {
            return false;
        }

        Discard(existing);
        return _store.TryBeginAddMaterial(material);
    }

    /// <summary>Destroys every material of the key in the HSM, then its metadata.</summary>
    public void Purge(string keyId)
    {
        foreach (var material in _store.ListMaterials(keyId, includeUnfinished: true))
        {
            _token.Destroy(TokenId(material.MaterialId));
        }

        _store.DeleteKey(keyId);
        foreach (var cached in _materialIds.Keys.Where(k => k.KeyId == keyId))
        {
            _materialIds.TryRemove(cached, out _);
        }
    }

    /// <summary>Records imported material as the key's version 1 (an EXTERNAL key pending import) and puts it in the HSM.</summary>
    public KeyMaterialRecord Import(KeyRecord key, byte[] value, DateTimeOffset now)
    {
        var material = new KeyMaterialRecord(key.KeyId, 1, ImportedMaterialId(key.KeyId, value), now, null, Ready: false);
        _store.BeginAddMaterial(material);
        try
        {
            CreateSecret(TokenId(material.MaterialId), $"kmskit:{key.KeyId}:1", key.KeySpec, value);
        }
        catch
        {
            Discard(material);
            throw;
        }

        return material;
    }

    /// <summary>
    /// As AWS, the id of imported material derives from the key id and the material: importing it again after a delete
    /// or an expiry gives the same id, so the (key, version) -> material id that every engine keeps stays true.
    /// </summary>
    private static string ImportedMaterialId(string keyId, byte[] value) =>
        Convert.ToHexString(HMACSHA256.HashData(value, Encoding.UTF8.GetBytes(keyId))).ToLowerInvariant();

    /// <summary>Puts material in a scratch object to compare it with the key's, then destroys it.</summary>
    public T WithScratchCopy<T>(KeyRecord key, byte[] value, Func<byte[], T> compare)
    {
        var scratch = RandomNumberGenerator.GetBytes(32);
        try
        {
            CreateSecret(scratch, $"kmskit:{key.KeyId}:scratch", key.KeySpec, value);
            return compare(scratch);
        }
        finally
        {
            _token.Destroy(scratch);
        }
    }

    /// <summary>Destroys all material of an imported key, which goes back to pending import.</summary>
    public void RemoveAll(KeyRecord key)
    {
        var materials = _store.ListMaterials(key.KeyId, includeUnfinished: true);
        _store.BeginRemoveMaterials(key with
        {
            State = KeyStates.PendingImport,
            CurrentVersion = 0,
            ExpirationModel = null,
            ValidTo = null,
        });
        foreach (var material in materials)
        {
            _token.Destroy(TokenId(material.MaterialId));
            _store.DiscardMaterial(material);
            _materialIds.TryRemove((material.KeyId, material.Version), out _);
        }
    }

    /// <summary>The material id of a key version; empty when the key has no such (ready) version.</summary>
    public string MaterialId(string keyId, int version) => Find(keyId, version)?.Id ?? string.Empty;

    /// <summary>The CKA_ID of a key version's token objects (shared: not to be changed); empty as <see cref="MaterialId"/>.</summary>
    public byte[] MaterialTokenId(string keyId, int version) => Find(keyId, version)?.TokenId ?? [];

    private Material? Find(string keyId, int version)
    {
        if (_materialIds.TryGetValue((keyId, version), out var cached))
        {
            return cached;
        }

        // A (key, version) pair never changes its material, so the answer can be kept.
        var material = _store.ListMaterials(keyId).FirstOrDefault(m => m.Version == version);
        return material is null ? null : _materialIds.GetOrAdd((keyId, version), new Material(material.MaterialId, TokenId(material.MaterialId)));
    }

    /// <summary>Finishes what a crash interrupted: keys never confirmed and materials never made ready.</summary>
    public void Repair(DateTimeOffset now)
    {
        foreach (var material in _store.ListUnfinishedMaterials(now - RepairAge))
        {
            _token.Destroy(TokenId(material.MaterialId));
            if (_store.IsBeingCreated(material.KeyId))
            {
                _store.DeleteKey(material.KeyId);
            }
            else
            {
                _store.DiscardMaterial(material);
            }
        }
    }

    private void CreateSecret(byte[] id, string label, string keySpec, byte[] value)
    {
        var hmac = KeySpecInfo.Get(keySpec).Family == KeyFamily.Hmac;
        _token.CreateSecret(id, label, hmac ? CKK.CKK_GENERIC_SECRET : CKK.CKK_AES, hmac, value);
    }

    /// <summary>Destroys a material that never became ready, then its row (only if the row is still this material's).</summary>
    private void Discard(KeyMaterialRecord material)
    {
        _token.Destroy(TokenId(material.MaterialId));
        _store.DiscardMaterial(material);
    }

    private void Generate(KeySpecInfo spec, string usage, KeyMaterialRecord material)
    {
        var id = TokenId(material.MaterialId);
        var label = $"kmskit:{material.KeyId}:{material.Version}";
        switch (spec.Family)
        {
            case KeyFamily.Symmetric:
                _token.GenerateAes256(id, label);
                break;
            case KeyFamily.Rsa:
                _token.GenerateRsa(id, label, spec.Size, signing: usage == KeyUsageType.SIGN_VERIFY.Value);
                break;
            case KeyFamily.Ecc:
                _token.GenerateEc(id, label, spec.CurveParameters(), agreement: usage == KeyUsageType.KEY_AGREEMENT.Value);
                break;
            case KeyFamily.Hmac:
                _token.GenerateHmac(id, label, spec.Size);
                break;
        }
    }

    private sealed record Material(string Id, byte[] TokenId);
}
