using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The life of key material: created, rotated and destroyed in an order that never leaves usable material
/// without metadata nor metadata pointing at missing material. Every HSM write is bracketed by a metadata
/// row that is "not ready" until the HSM write is done; <see cref="Repair"/> finishes what a crash interrupted.
/// </summary>
internal sealed class KeyMaterials
{
    /// <summary>Unfinished rows younger than this may belong to a live engine in another process.</summary>
    private static readonly TimeSpan RepairAge = TimeSpan.FromMinutes(10);

    private readonly IKeyStore _store;
    private readonly Pkcs11Token _token;
    private readonly ConcurrentDictionary<(string KeyId, int Version), string> _materialIds = new();

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
    /// Adds a new material version and makes it current. False if another engine rotated the key at the same
    /// time (its rotation stands, this one's material is destroyed).
    /// </summary>
    public bool Rotate(KeyRecord key, DateTimeOffset now, bool onDemand, DateTimeOffset? nextRotationAt)
    {
        var spec = KeySpecInfo.Get(key.KeySpec);
        var material = new KeyMaterialRecord(key.KeyId, key.CurrentVersion + 1, NewMaterialId(), now, onDemand ? "ON_DEMAND" : "AUTOMATIC", Ready: false);
        try
        {
            _store.BeginAddMaterial(material);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: that version is being added by another engine.
            return false;
        }

        try
        {
            Generate(spec, key.KeyUsage, material);
            if (_store.TryCompleteRotation(material with { Ready = true }, key.CurrentVersion, nextRotationAt, onDemand))
            {
                return true;
            }
        }
        catch
        {
            Discard(material);
            throw;
        }

        Discard(material);
        return false;
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

    public string MaterialId(string keyId, int version)
    {
        if (_materialIds.TryGetValue((keyId, version), out var cached))
        {
            return cached;
        }

        // A (key, version) pair never changes its material, so the answer can be kept.
        var material = _store.ListMaterials(keyId).FirstOrDefault(m => m.Version == version);
        return material is null ? string.Empty : _materialIds.GetOrAdd((keyId, version), material.MaterialId);
    }

    /// <summary>Finishes what a crash interrupted: keys never confirmed and materials never made ready.</summary>
    public void Repair(DateTimeOffset now)
    {
        foreach (var material in _store.ListUnfinishedMaterials(now - RepairAge))
        {
            _token.Destroy(TokenId(material.MaterialId));
            if (material.RotationType is null)
            {
                _store.DeleteKey(material.KeyId);
            }
            else
            {
                _store.DiscardMaterial(material.KeyId, material.Version);
            }
        }
    }

    private void Discard(KeyMaterialRecord material)
    {
        _token.Destroy(TokenId(material.MaterialId));
        _store.DiscardMaterial(material.KeyId, material.Version);
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
                _token.GenerateRsa(id, label, spec.Size, signing: usage == "SIGN_VERIFY");
                break;
            case KeyFamily.Ecc:
                _token.GenerateEc(id, label, spec.CurveParameters(), agreement: usage == "KEY_AGREEMENT");
                break;
            case KeyFamily.Hmac:
                _token.GenerateHmac(id, label, spec.Size);
                break;
        }
    }
}
