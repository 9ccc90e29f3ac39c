using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// One generation of a key's material in the HSM. <see cref="Ready"/> is false between the metadata write
/// and the HSM write, so that a crash in between leaves a row to repair instead of untracked material.
/// </summary>
/// <param name="RotationType">AUTOMATIC or ON_DEMAND; null for the material the key was created with.</param>
/// <param name="BeganAt">
/// When the unfinished write began, by the writer's clock: the lease on an unfinished row runs from it. Null on rows
/// written before it was kept; <see cref="CreatedAt"/> stands in (an automatic rotation's is its scheduled date, long past).
/// </param>
internal sealed record KeyMaterialRecord(
    string KeyId,
    int Version,
    string MaterialId,
    DateTimeOffset CreatedAt,
    string? RotationType,
    bool Ready,
    DateTimeOffset? BeganAt = null)
{
    /// <summary>When the write of this row began, as far as the row tells.</summary>
    public DateTimeOffset Begun => BeganAt ?? CreatedAt;
}
