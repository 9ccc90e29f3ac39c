namespace KmsKit.Runtime.Encryptors;

/// <summary>The encryption context keys generated encryptors write besides the members' own.</summary>
public static class EncryptionContextKeys
{
    /// <summary>The prefix of every key KmsKit reserves; member keys may not use it.</summary>
    public const string ReservedPrefix = "kmskit:";

    /// <summary>The type's identity (its full name), so one type's ciphertext is not read as another's.</summary>
    public const string Type = "kmskit:type";

    /// <summary>The schema version of <see cref="KmsEncryptedAttribute.SchemaVersion"/>.</summary>
    public const string Schema = "kmskit:schema";

    /// <summary>The Base64 SHA-256 digest of the signed-only members, which binds them to the ciphertext.</summary>
    public const string Signed = "kmskit:signed";
}
