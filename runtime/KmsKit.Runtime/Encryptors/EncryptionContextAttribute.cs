namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// The member's value is an encryption context pair (for example the tenant id): it stays readable, appears in
/// the message header and in KMS audit logs (CloudTrail), and must match for decryption to succeed.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class EncryptionContextAttribute : Attribute
{
    /// <summary>Binds the member under <paramref name="key"/>.</summary>
    public EncryptionContextAttribute(string key) => Key = key;

    /// <summary>The encryption context key.</summary>
    public string Key { get; }
}
