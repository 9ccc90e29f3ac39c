namespace KmsKit.Pkcs11.Policies;

/// <summary>Why a request was denied, as AWS names it in the AccessDeniedException message.</summary>
public enum DenialReason
{
    None,
    NoResourceBasedPolicyAllows,
    ExplicitDenyInResourceBasedPolicy,
    ExplicitDenyInIdentityBasedPolicy,
    NoIdentityBasedPolicyAllows,
}
