using System;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Grants;

/// <summary>
/// How a grant's grantee or retiring principal names a caller, as a key policy's Principal does: itself (its ARN, its
/// role for an assumed-role session, a service principal by name), or only its account (an account's root ARN names
/// every principal of the account, whose own IAM policies must then allow, as with a key policy's account principal).
/// </summary>
internal static class GrantPrincipals
{
    /// <summary>How <paramref name="principal"/> (a grant's grantee or retiring principal) names <paramref name="caller"/>.</summary>
    public static PrincipalMatch Match(string? principal, CallerIdentity caller)
    {
        if (string.IsNullOrEmpty(principal))
        {
            return PrincipalMatch.None;
        }

        if (principal == caller.Arn)
        {
            return PrincipalMatch.Direct;
        }

        if (!principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            return caller.IsService && string.Equals(principal, caller.Arn, StringComparison.OrdinalIgnoreCase) ? PrincipalMatch.Direct : PrincipalMatch.None;
        }

        CallerIdentity named;
        try
        {
            named = CallerIdentity.Parse(principal);
        }
        catch (ArgumentException)
        {
            return PrincipalMatch.None;
        }

        if (named.IsRoot)
        {
            return caller.AccountId != named.AccountId ? PrincipalMatch.None : caller.IsRoot ? PrincipalMatch.Direct : PrincipalMatch.Account;
        }

        // A role names its assumed-role sessions (whose ARN drops the role's path) by account and role name.
        var isRole = named.RoleName is not null && principal.Contains(":iam::", StringComparison.Ordinal);
        return isRole && caller.RoleName == named.RoleName && caller.AccountId == named.AccountId
            && caller.Arn.Contains(":assumed-role/", StringComparison.Ordinal)
            ? PrincipalMatch.Direct
            : PrincipalMatch.None;
    }

    /// <summary>The account a principal ARN belongs to; null for a service principal or a malformed ARN.</summary>
    public static string? AccountOf(string principal) =>
        Amazon.Arn.TryParse(principal, out var arn) && CallerIdentity.IsAccountId(arn.AccountId) ? arn.AccountId : null;
}
