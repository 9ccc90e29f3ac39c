using System.Collections.Generic;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// The policy lockout safety check of CreateKey and PutKeyPolicy (skipped with BypassPolicyLockoutSafetyCheck): the
/// new key policy must still let the caller call PutKeyPolicy.
/// </summary>
public static class LockoutCheck
{
    public const string Message = "The new key policy will not allow you to update the key policy in the future.";

    /// <summary>Whether <paramref name="caller"/> could call kms:PutKeyPolicy on <paramref name="keyArn"/> under <paramref name="newKeyPolicy"/>.</summary>
    public static bool AllowsPutKeyPolicy(PolicyDocument newKeyPolicy, CallerIdentity caller, string keyArn, string keyAccountId, IReadOnlyList<PolicyDocument> identityPolicies)
    {
        var context = new AuthorizationContext("kms:PutKeyPolicy", keyArn, caller);
        return KeyAccessEvaluator.Evaluate(context, keyAccountId, newKeyPolicy, identityPolicies).IsAllowed;
    }

    /// <summary>Throws AWS's <see cref="MalformedPolicyDocumentException"/> when the new policy would lock the caller out.</summary>
    public static void ThrowIfLockedOut(PolicyDocument newKeyPolicy, CallerIdentity caller, string keyArn, string keyAccountId, IReadOnlyList<PolicyDocument> identityPolicies)
    {
        if (!AllowsPutKeyPolicy(newKeyPolicy, caller, keyArn, keyAccountId, identityPolicies))
        {
            throw PolicyErrors.Malformed(Message);
        }
    }
}
