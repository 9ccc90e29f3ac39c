using System;
using System.Collections.Generic;
using KmsKit.Pkcs11.Grants;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// One grant on one key. <see cref="AccountId"/> and <see cref="Region"/> are the key's; <see cref="IssuingAccount"/> is
/// the root ARN of the account whose principal created the grant. <see cref="Operations"/> are in the API model's order,
/// without repeats. <see cref="Sequence"/> is the store's order of creation (ListGrants pages by it).
/// </summary>
internal sealed record GrantRecord(
    string GrantId,
    string KeyId,
    string AccountId,
    string Region,
    string? Name,
    DateTimeOffset CreatedAt,
    string GranteePrincipal,
    string? RetiringPrincipal,
    string IssuingAccount,
    IReadOnlyList<string> Operations,
    GrantConstraintSet? Constraints,
    long Sequence = 0)
{
    public KeyScope Scope => new(AccountId, Region);

    public bool Allows(string operation)
    {
        foreach (var allowed in Operations)
        {
            if (allowed == operation)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What <see cref="IKeyStore.AddGrant"/> did.</summary>
internal enum GrantAddition
{
    /// <summary>A new grant was recorded.</summary>
    Added,

    /// <summary>A grant of that key and Name with the same properties exists: a retry, answered with that grant.</summary>
    Existing,

    /// <summary>The key has its quota of grants already: nothing recorded.</summary>
    QuotaExceeded,
}
