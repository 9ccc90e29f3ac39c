using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// AWS KMS's authorization decision over a key policy and the caller's identity policies (KMS developer guide,
/// "Determining access to a KMS key"; IAM "Policy evaluation logic" and "Cross-account policy evaluation logic").
/// </summary>
public static class KeyAccessEvaluator
{
    /// <summary>
    /// Decides <paramref name="context"/>. <paramref name="keyPolicy"/> is null for account-level actions (CreateKey,
    /// ListKeys ...), which identity policies alone decide. <paramref name="grantAllows"/>: a grant for the caller allows
    /// the request (grants cannot override an explicit deny).
    /// </summary>
    public static AuthorizationResult Evaluate(
        AuthorizationContext context,
        string keyAccountId,
        PolicyDocument? keyPolicy,
        IReadOnlyList<PolicyDocument> identityPolicies,
        bool grantAllows = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(identityPolicies);
        var caller = context.Caller;
        var findings = new PolicyFindings();
        keyPolicy?.Collect(context, PolicySource.KeyPolicy, 0, findings);
        if (!caller.IsService)
        {
            for (var i = 0; i < identityPolicies.Count; i++)
            {
                identityPolicies[i].Collect(context, PolicySource.IdentityPolicy, i, findings);
            }
        }

        if (findings.KeyPolicyDenies.Count > 0)
        {
            return Deny(AuthorizationDecision.ExplicitDeny, DenialReason.ExplicitDenyInResourceBasedPolicy, caller, findings.KeyPolicyDenies);
        }

        if (findings.IdentityDenies.Count > 0)
        {
            return Deny(AuthorizationDecision.ExplicitDeny, DenialReason.ExplicitDenyInIdentityBasedPolicy, caller, findings.IdentityDenies);
        }

        var ownAccount = caller.AccountId == keyAccountId;
        if (keyPolicy is not null && !ownAccount && !caller.IsService && !CrossAccountActions.Contains(context.Action))
        {
            // Not an action AWS lets another account perform: what the key policy grants that account has no effect.
            return Deny(AuthorizationDecision.ImplicitDeny, DenialReason.NoResourceBasedPolicyAllows, caller, []);
        }

        if (grantAllows)
        {
            return new AuthorizationResult(AuthorizationDecision.Allow, DenialReason.None, caller.Arn, []);
        }

        var identityAllows = findings.IdentityAllows.Count > 0 || (caller.IsRoot && ownAccount);
        if (keyPolicy is null)
        {
            return identityAllows
                ? Allow(caller, findings.IdentityAllows)
                : Deny(AuthorizationDecision.ImplicitDeny, DenialReason.NoIdentityBasedPolicyAllows, caller, []);
        }

        var keyAllows = findings.DirectAllows.Count > 0 || findings.AccountAllows.Count > 0;
        if (!keyAllows)
        {
            return Deny(AuthorizationDecision.ImplicitDeny, DenialReason.NoResourceBasedPolicyAllows, caller, []);
        }

        // Same account: the key policy naming the caller is enough. Otherwise (delegation to IAM, or another account
        // whose half of the decision is its own IAM policies) an identity policy must allow too; a root needs none.
        if ((ownAccount || caller.IsService) && findings.DirectAllows.Count > 0)
        {
            return Allow(caller, findings.DirectAllows);
        }

        if (identityAllows || caller.IsRoot)
        {
            var allows = new List<StatementReference>(findings.DirectAllows);
            allows.AddRange(findings.AccountAllows);
            allows.AddRange(findings.IdentityAllows);
            return Allow(caller, allows);
        }

        return Deny(AuthorizationDecision.ImplicitDeny, DenialReason.NoIdentityBasedPolicyAllows, caller, []);
    }

    private static AuthorizationResult Allow(CallerIdentity caller, IReadOnlyList<StatementReference> statements) =>
        new(AuthorizationDecision.Allow, DenialReason.None, caller.Arn, statements);

    private static AuthorizationResult Deny(AuthorizationDecision decision, DenialReason reason, CallerIdentity caller, IReadOnlyList<StatementReference> statements) =>
        new(decision, reason, caller.Arn, statements);
}
