using System.Collections.Generic;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// What <see cref="Pkcs11Kms.SimulateAccess"/> found: whether a principal may do an action on a key, why (AWS's
/// reason), and the statements that decided it, with their JSON.
/// </summary>
public sealed class AccessSimulation
{
    internal AccessSimulation(
        string action, string resource, AuthorizationResult result, IReadOnlyList<SimulatedStatement> decidingStatements, SimulatedGrant? decidingGrant = null)
    {
        DecidingGrant = decidingGrant;
        Action = action;
        Resource = resource;
        PrincipalArn = result.CallerArn;
        Decision = result.Decision;
        Reason = result.Reason;
        Explanation = result.IsAllowed ? "allowed" : result.AccessDeniedMessage(action, resource);
        DecidingStatements = decidingStatements;
    }

    /// <summary>The action as KMS names it (kms:Decrypt), whatever the case it was given in.</summary>
    public string Action { get; }

    /// <summary>The key's ARN, or <c>*</c> for an account-level action (kms:CreateKey, kms:ListKeys ...).</summary>
    public string Resource { get; }

    public string PrincipalArn { get; }

    public AuthorizationDecision Decision { get; }

    public bool IsAllowed => Decision == AuthorizationDecision.Allow;

    /// <summary>Why it was denied, as AWS names it; <see cref="DenialReason.None"/> when allowed.</summary>
    public DenialReason Reason { get; }

    /// <summary>"allowed", or the AccessDeniedException message the real request would have had.</summary>
    public string Explanation { get; }

    /// <summary>The denying statements of an explicit deny, the allowing ones of an allow; none for an implicit deny.</summary>
    public IReadOnlyList<SimulatedStatement> DecidingStatements { get; }

    /// <summary>The grant that allowed the request when no policy did (then <see cref="DecidingStatements"/> is empty).</summary>
    public SimulatedGrant? DecidingGrant { get; }

    /// <summary>The reason in words: "allowed", "explicit deny in a resource-based policy", "no identity-based policy allows it" ...</summary>
    public string Summary => Reason switch
    {
        DenialReason.ExplicitDenyInResourceBasedPolicy => "explicit deny in a resource-based policy",
        DenialReason.ExplicitDenyInIdentityBasedPolicy => "explicit deny in an identity-based policy",
        DenialReason.NoResourceBasedPolicyAllows => "no resource-based policy allows it",
        DenialReason.NoIdentityBasedPolicyAllows => "no identity-based policy allows it",
        _ => DecidingGrant is null ? "allowed" : "allowed by a grant",
    };
}

/// <summary>
/// A statement that decided a simulation: the key policy's or the principal's identity policy number
/// <see cref="PolicyIndex"/> (0-based, in the order the principal has them), its position, Sid and Effect, and its JSON.
/// </summary>
public sealed record SimulatedStatement(PolicySource Source, int PolicyIndex, int StatementIndex, string? Sid, PolicyEffect Effect, string Json)
{
    /// <summary>"key policy, statement 1 \"NoBob\"" or "identity policy 0, statement 0" (positions are 0-based).</summary>
    public string Location
    {
        get
        {
            var policy = Source == PolicySource.KeyPolicy ? "key policy" : $"identity policy {PolicyIndex}";
            var sid = string.IsNullOrEmpty(Sid) ? string.Empty : $" \"{Sid}\"";
            return $"{policy}, statement {StatementIndex}{sid}";
        }
    }
}

/// <summary>A grant that decided a simulation: its id, name, grantee, operations and encryption context constraints.</summary>
public sealed record SimulatedGrant(string GrantId, string? Name, string GranteePrincipal, IReadOnlyList<string> Operations, string? Constraints)
{
    /// <summary>"grant 0123... \"name\" for ARN: Decrypt, Encrypt; EncryptionContextSubset {dept=IT}".</summary>
    public string Location
    {
        get
        {
            var name = string.IsNullOrEmpty(Name) ? string.Empty : $" \"{Name}\"";
            var constraints = string.IsNullOrEmpty(Constraints) ? string.Empty : $"; {Constraints}";
            return $"grant {GrantId}{name} for {GranteePrincipal}: {string.Join(", ", Operations)}{constraints}";
        }
    }
}
