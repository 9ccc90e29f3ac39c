namespace KmsKit.Pkcs11.Policies;

/// <summary>The outcome of an authorization: IAM's three possible answers.</summary>
public enum AuthorizationDecision
{
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}
