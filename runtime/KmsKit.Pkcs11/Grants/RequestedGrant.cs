using System.Collections.Generic;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Grants;

/// <summary>
/// The grant a CreateGrant request asks for, as far as a parent grant limits it: a principal whose CreateGrant permission
/// comes from a grant can hand on only some or all of that grant's operations, under constraints at least as strict
/// (KMS developer guide, "Granting CreateGrant permission").
/// </summary>
internal sealed record RequestedGrant(IReadOnlyList<string> Operations, GrantConstraintSet? Constraints)
{
    public bool IsWithin(GrantRecord parent)
    {
        foreach (var operation in Operations)
        {
            if (!parent.Allows(operation))
            {
                return false;
            }
        }

        return GrantConstraintSet.IsAtLeastAsStrict(Constraints, parent.Constraints);
    }
}
