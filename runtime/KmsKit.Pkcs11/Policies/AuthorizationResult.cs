using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>A decision, why it was made, and the statements that made it.</summary>
public sealed class AuthorizationResult
{
    internal AuthorizationResult(
        AuthorizationDecision decision, DenialReason reason, string callerArn, IReadOnlyList<StatementReference> decidingStatements, string? decidingGrantId = null)
    {
        DecidingGrantId = decidingGrantId;
        Decision = decision;
        Reason = reason;
        CallerArn = callerArn;
        DecidingStatements = decidingStatements;
    }

    public AuthorizationDecision Decision { get; }

    public DenialReason Reason { get; }

    public string CallerArn { get; }

    /// <summary>The denying statements for an explicit deny, the allowing ones for an allow; empty for an implicit deny.</summary>
    public IReadOnlyList<StatementReference> DecidingStatements { get; }

    public bool IsAllowed => Decision == AuthorizationDecision.Allow;

    /// <summary>The grant that allowed the request when no policy did; null otherwise.</summary>
    public string? DecidingGrantId { get; }

    /// <summary>
    /// The AccessDeniedException message AWS gives for this denial, e.g. "User: ARN is not authorized to perform:
    /// kms:Decrypt on resource: KEY because no resource-based policy allows the kms:Decrypt action".
    /// </summary>
    public string AccessDeniedMessage(string action, string resource)
    {
        var why = Reason switch
        {
            DenialReason.ExplicitDenyInResourceBasedPolicy => "with an explicit deny in a resource-based policy",
            DenialReason.ExplicitDenyInIdentityBasedPolicy => "with an explicit deny in an identity-based policy",
            DenialReason.NoResourceBasedPolicyAllows => $"because no resource-based policy allows the {action} action",
            DenialReason.NoIdentityBasedPolicyAllows => $"because no identity-based policy allows the {action} action",
            _ => throw new InvalidOperationException("The request was allowed: there is no access denied message."),
        };
        var on = string.IsNullOrEmpty(resource) ? string.Empty : $" on resource: {resource}";
        return $"User: {CallerArn} is not authorized to perform: {action}{on} {why}";
    }
}
