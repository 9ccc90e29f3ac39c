using System.Text;
using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>How KMS-wrapped data keys appear in a message: provider id <c>aws-kms</c>, provider info = the key ARN.</summary>
internal static class AwsKmsProviderInfo
{
    public const string ProviderId = "aws-kms";

    public static EncryptedDataKey ToEncryptedDataKey(string keyArn, byte[] ciphertext) =>
        AwsKmsArn.TryParse(keyArn) is { IsKey: true }
            ? new EncryptedDataKey(ProviderId, Encoding.UTF8.GetBytes(keyArn), ciphertext)
            : throw new EncryptionSdkException($"AWS KMS answered with the key id '{keyArn}', which is not a key ARN.");

    /// <summary>The key ARN of a KMS-wrapped data key, or null when the data key is not one.</summary>
    public static AwsKmsArn? KeyArn(EncryptedDataKey key)
    {
        if (key.ProviderId != ProviderId)
        {
            return null;
        }

        try
        {
            return AwsKmsArn.TryParse(new UTF8Encoding(false, true).GetString(key.ProviderInfo)) is { IsKey: true } arn ? arn : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
