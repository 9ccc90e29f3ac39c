namespace KmsKit.Pkcs11.Grants;

/// <summary>AWS KMS's documented limits on grants (KMS developer guide, "Quotas" and the CreateGrant reference).</summary>
internal static class GrantLimits
{
    /// <summary>"Grants per KMS key": 50,000 in AWS, a quota that cannot be raised.</summary>
    public const int GrantsPerKey = 50_000;

    /// <summary>Encryption context pairs in each constraint of a grant.</summary>
    public const int ConstraintPairs = 8;

    /// <summary>Characters of an encryption context value in a grant constraint.</summary>
    public const int ConstraintValueLength = 384;

    /// <summary>ListGrants and ListRetirableGrants: the default page (Limit) and the largest the API model allows.</summary>
    public const int DefaultPage = 50;

    public const int MaxPage = 1000;
}
