using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>The metadata of one KMS key. <see cref="CurrentVersion"/> names the key material that encrypts.</summary>
internal sealed record KeyRecord(
    string KeyId,
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
    int OnDemandRotations);
