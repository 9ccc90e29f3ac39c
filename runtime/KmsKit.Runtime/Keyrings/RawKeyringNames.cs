namespace KmsKit.Runtime.Keyrings;

/// <summary>Checks on the key namespace of raw keyrings.</summary>
internal static class RawKeyringNames
{
    public static string CheckNamespace(string keyNamespace)
    {
        ArgumentNullException.ThrowIfNull(keyNamespace);
        return keyNamespace.StartsWith("aws-kms", StringComparison.Ordinal)
            ? throw new ArgumentException("Key namespaces starting with 'aws-kms' are reserved for AWS KMS keyrings.", nameof(keyNamespace))
            : keyNamespace;
    }
}
