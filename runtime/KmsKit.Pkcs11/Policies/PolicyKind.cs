namespace KmsKit.Pkcs11.Policies;

/// <summary>Which rules a policy document follows: a key policy names principals, an identity policy must not.</summary>
public enum PolicyKind
{
    KeyPolicy,
    IdentityPolicy,
}
