namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// Marks a partial class, record or struct for envelope encryption under one KMS key: the KmsKit generator adds
/// a nested <c>Encryptor</c> (typed <c>EncryptAsync</c>/<c>DecryptAsync</c>) and the nested <c>Encrypted</c> form.
/// Members choose their treatment with <see cref="EncryptAttribute"/>, <see cref="SignOnlyAttribute"/> and
/// <see cref="EncryptionContextAttribute"/>; unmarked members are left alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class KmsEncryptedAttribute : Attribute
{
    /// <summary>Encrypts under a key named in <see cref="KeyName"/> (resolved from <see cref="EncryptorKeyOptions"/>).</summary>
    public KmsEncryptedAttribute()
    {
    }

    /// <summary>Encrypts under a fixed KMS key: key id, key ARN or alias (an alias is resolved to its key ARN once).</summary>
    public KmsEncryptedAttribute(string keyId) => KeyId = keyId;

    /// <summary>The fixed KMS key, when given to the constructor.</summary>
    public string? KeyId { get; }

    /// <summary>A key name that <see cref="EncryptorKeyOptions.Keys"/> maps to a KMS key at run time, so keys are not hard-coded.</summary>
    public string? KeyName { get; set; }

    /// <summary>
    /// The version of the encrypted layout, bound into every message: raise it when members change meaning so
    /// that old messages are not read as the new layout. Starts at 1.
    /// </summary>
    public int SchemaVersion { get; set; } = 1;
}
