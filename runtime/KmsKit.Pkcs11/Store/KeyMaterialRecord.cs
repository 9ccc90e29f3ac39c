using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// One generation of a key's material in the HSM. <see cref="Ready"/> is false between the metadata write
/// and the HSM write, so that a crash in between leaves a row to repair instead of untracked material.
/// </summary>
/// <param name="RotationType">AUTOMATIC or ON_DEMAND; null for the material the key was created with.</param>
internal sealed record KeyMaterialRecord(
    string KeyId,
    int Version,
    string MaterialId,
    DateTimeOffset CreatedAt,
    string? RotationType,
    bool Ready);
