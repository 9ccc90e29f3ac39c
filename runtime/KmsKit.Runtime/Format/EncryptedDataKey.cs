namespace KmsKit.Runtime.Format;

/// <summary>
/// A data key wrapped by one key provider: <paramref name="ProviderId"/> names the provider (for example
/// <c>aws-kms</c> or a raw keyring's key namespace), <paramref name="ProviderInfo"/> says which key and how.
/// </summary>
public sealed record EncryptedDataKey(string ProviderId, byte[] ProviderInfo, byte[] Ciphertext);
