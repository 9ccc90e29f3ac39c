namespace KmsKit.Runtime.Encryptors;

/// <summary>The KMS keys behind the key names of <see cref="KmsEncryptedAttribute.KeyName"/>.</summary>
public sealed class EncryptorKeyOptions
{
    /// <summary>Key name to KMS key (key id, key ARN or alias).</summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Grant tokens passed to every KMS call of the encryptors.</summary>
    public IList<string> GrantTokens { get; } = [];
}
