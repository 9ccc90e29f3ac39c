namespace KmsKit.Generators.Model;

/// <summary>What the encryptor does with a member.</summary>
internal enum MemberRole
{
    /// <summary>Left alone: kept readable and not bound.</summary>
    Plain,

    /// <summary>[Encrypt]: sealed in the envelope message.</summary>
    Encrypt,

    /// <summary>[SignOnly]: kept readable, bound through the digest in the encryption context.</summary>
    SignOnly,

    /// <summary>[EncryptionContext("key")]: kept readable, an encryption context pair.</summary>
    Context,
}
