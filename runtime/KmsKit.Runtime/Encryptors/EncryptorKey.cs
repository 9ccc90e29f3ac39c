namespace KmsKit.Runtime.Encryptors;

/// <summary>The KMS key of a generated encryptor: a fixed key (id, ARN or alias) or a name resolved from options.</summary>
public readonly record struct EncryptorKey
{
    private EncryptorKey(string? keyId, string? keyName) => (KeyId, KeyName) = (keyId, keyName);

    /// <summary>The fixed key, or null for a named key.</summary>
    public string? KeyId { get; }

    /// <summary>The key name, or null for a fixed key.</summary>
    public string? KeyName { get; }

    /// <summary>A fixed key: key id, key ARN or alias.</summary>
    public static EncryptorKey Fixed(string keyId) => new(keyId, null);

    /// <summary>A key named in <see cref="EncryptorKeyOptions.Keys"/>.</summary>
    public static EncryptorKey Named(string keyName) => new(null, keyName);

    /// <inheritdoc />
    public override string ToString() => KeyId ?? $"key name '{KeyName}'";
}
