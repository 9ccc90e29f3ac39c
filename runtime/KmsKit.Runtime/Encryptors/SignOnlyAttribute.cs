namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// The member stays readable in the encrypted form but is bound to the ciphertext (a SHA-256 digest of the
/// signed members is part of the encryption context): decrypting after it was changed fails.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class SignOnlyAttribute : Attribute
{
}
