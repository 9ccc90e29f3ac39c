namespace KmsKit.Pkcs11.Policies;

/// <summary>Where a deciding statement came from.</summary>
public enum PolicySource
{
    KeyPolicy,
    IdentityPolicy,
}
