using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// What the engine notes while one audited call runs on its thread (every operation runs synchronously inside
/// <c>Pkcs11Kms.Complete</c>): the keys it resolved, for the event's resources, and the key materials it used, for
/// additionalEventData.keyMaterialId. One instance per thread, reused; nothing is noted when no call is audited.
/// </summary>
internal sealed class AuditCall
{
    [ThreadStatic]
    private static AuditCall? _current;

    [ThreadStatic]
    private static AuditCall? _spare;

    private readonly List<(string Arn, string AccountId)> _keys = new(2);
    private readonly List<byte[]> _materials = new(2);

    /// <summary>The audited call running on this thread, if any.</summary>
    public static AuditCall? Current => _current;

    public IReadOnlyList<(string Arn, string AccountId)> Keys => _keys;

    /// <summary>The token ids (raw material ids) of the materials used, in the order used.</summary>
    public IReadOnlyList<byte[]> Materials => _materials;

    /// <summary>Starts noting for a call on this thread; <see cref="End"/> stops.</summary>
    public static AuditCall Begin()
    {
        var call = _spare ?? new AuditCall();
        _spare = null;
        call._keys.Clear();
        call._materials.Clear();
        _current = call;
        return call;
    }

    public static void End(AuditCall call)
    {
        _current = null;
        _spare = call;
    }

    public static void NoteMaterial(byte[] tokenId) => _current?._materials.Add(tokenId);

    public void NoteKey(string arn, string accountId)
    {
        foreach (var key in _keys)
        {
            if (key.Arn == arn)
            {
                return;
            }
        }

        _keys.Add((arn, accountId));
    }
}
