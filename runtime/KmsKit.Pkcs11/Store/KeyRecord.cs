using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// The metadata of one KMS key. <see cref="CurrentVersion"/> names the key material that encrypts (0: none yet,
/// an EXTERNAL key pending import). <see cref="ExpirationModel"/> and <see cref="ValidTo"/> belong to imported material.
/// A null <see cref="Policy"/> is AWS's default key policy for the key's account.
/// </summary>
internal sealed record KeyRecord(
    string KeyId,
    string AccountId,
    string Region,
    string Description,
    string KeySpec,
    string KeyUsage,
    string Origin,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletionDate,
    int? PendingWindowInDays,
    bool RotationEnabled,
    int? RotationPeriodInDays,
    DateTimeOffset? NextRotationAt,
    int CurrentVersion,
    int OnDemandRotations,
    string? ExpirationModel = null,
    DateTimeOffset? ValidTo = null,
    string? Policy = null)
{
    public KeyScope Scope => new(AccountId, Region);
}
