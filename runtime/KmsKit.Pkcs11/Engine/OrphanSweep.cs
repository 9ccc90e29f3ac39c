using System;
using System.Collections.Generic;
using System.Linq;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// Destroys token objects that no metadata names: litter of a crash between an HSM write and its metadata (a scratch
/// copy, an object made under a row another engine then rolled back, an object with no CKA_ID that no search by id
/// finds). Safe beside live engines on the same store: every write path records its row before the HSM write, and
/// the token is listed before the store is read, so an object whose row is being written is named by the time the
/// store is read. Keys with a write under way (an unfinished row younger than <see cref="KeyMaterials.RepairAge"/>,
/// or import parameters, under which a scratch copy lives without a row) keep every object labelled with them.
/// </summary>
/// <param name="ownsToken">
/// The engine's own embedded token: every unnamed object is litter. Otherwise the token may hold the user's other
/// objects: only those labelled <c>kmskit:KEY:...</c> for a key this store knows are.
/// </param>
internal sealed class OrphanSweep(IKeyStore store, Pkcs11Token token, bool ownsToken)
{
    private const string LabelPrefix = "kmskit:";

    public void Run(DateTimeOffset now)
    {
        // The token first: see the class remarks.
        var objects = token.ListObjects();
        var named = store.ListTokenObjectIds();
        var keys = store.ListKeyIds();
        var busy = store.ListUnfinishedMaterials(DateTimeOffset.MaxValue)
            .Where(m => m.Begun > now - KeyMaterials.RepairAge)
            .Select(m => m.KeyId)
            .Concat(store.ListImportsValidBefore(DateTimeOffset.MaxValue).Select(i => i.KeyId))
            .ToHashSet(StringComparer.Ordinal);

        var litter = objects.Where(o => IsLitter(o, named, keys, busy)).ToList();
        if (litter.Count > 0)
        {
            token.Destroy(litter);
        }
    }

    private bool IsLitter(TokenObjectInfo tokenObject, IReadOnlySet<string> named, IReadOnlySet<string> keys, HashSet<string> busy)
    {
        var id = Convert.ToHexString(tokenObject.Id);
        if (tokenObject.Id.Length > 0 && (named.Contains(id) || string.Equals(id, AuditSigningKey.MaterialId, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var keyId = LabelledKeyId(tokenObject.Label);
        if (keyId is not null && busy.Contains(keyId))
        {
            return false;
        }

        return ownsToken || (keyId is not null && keys.Contains(keyId));
    }

    /// <summary>KEY of a label <c>kmskit:KEY:...</c>, the form of every object the engine makes; null otherwise.</summary>
    private static string? LabelledKeyId(string label)
    {
        if (!label.StartsWith(LabelPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = label.IndexOf(':', LabelPrefix.Length);
        return end < 0 ? null : label[LabelPrefix.Length..end];
    }
}
