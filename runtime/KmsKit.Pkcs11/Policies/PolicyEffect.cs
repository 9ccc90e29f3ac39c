namespace KmsKit.Pkcs11.Policies;

/// <summary>A statement's Effect element.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
