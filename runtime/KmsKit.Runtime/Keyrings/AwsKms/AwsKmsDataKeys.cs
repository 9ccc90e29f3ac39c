using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>The three KMS calls of the keyrings, with the checks the specification asks of each answer.</summary>
internal static class AwsKmsDataKeys
{
    public static async Task<(byte[] Plaintext, EncryptedDataKey Wrapped)> GenerateAsync(AwsKmsClient kms, string keyId, int length, IReadOnlyDictionary<string, string> context, List<string> grantTokens, CancellationToken cancellationToken)
    {
        var response = await Call(kms, "GenerateDataKey", keyId, () => kms.Kms.GenerateDataKeyAsync(
            new GenerateDataKeyRequest { KeyId = keyId, NumberOfBytes = length, EncryptionContext = Copy(context), GrantTokens = Tokens(grantTokens) },
            cancellationToken)).ConfigureAwait(false);
        var plaintext = TakePlaintext(response.Plaintext);
        if (plaintext.Length != length)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new EncryptionSdkException($"AWS KMS returned a data key of the wrong length for key '{keyId}'.");
        }

        return (plaintext, AwsKmsProviderInfo.ToEncryptedDataKey(response.KeyId, response.CiphertextBlob.ToArray()));
    }

    public static async Task<EncryptedDataKey> EncryptAsync(AwsKmsClient kms, string keyId, byte[] dataKey, IReadOnlyDictionary<string, string> context, List<string> grantTokens, CancellationToken cancellationToken)
    {
        var plaintext = (byte[])dataKey.Clone();
        try
        {
            var response = await Call(kms, "Encrypt", keyId, () => kms.Kms.EncryptAsync(
                new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext), EncryptionContext = Copy(context), GrantTokens = Tokens(grantTokens) },
                cancellationToken)).ConfigureAwait(false);
            return AwsKmsProviderInfo.ToEncryptedDataKey(response.KeyId, response.CiphertextBlob.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Asks KMS to decrypt with exactly <paramref name="keyArn"/>; the answer must name that key.</summary>
    public static async Task<byte[]> DecryptAsync(AwsKmsClient kms, string keyArn, EncryptedDataKey key, int length, IReadOnlyDictionary<string, string> context, List<string> grantTokens, CancellationToken cancellationToken)
    {
        var response = await Call(kms, "Decrypt", keyArn, () => kms.Kms.DecryptAsync(
            new DecryptRequest { KeyId = keyArn, CiphertextBlob = new MemoryStream(key.Ciphertext), EncryptionContext = Copy(context), GrantTokens = Tokens(grantTokens) },
            cancellationToken)).ConfigureAwait(false);
        var plaintext = TakePlaintext(response.Plaintext);
        if (response.KeyId != keyArn || plaintext.Length != length)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new EncryptionSdkException($"AWS KMS answered the decryption with key '{keyArn}' with another key or a data key of the wrong length.");
        }

        return plaintext;
    }

    private static async Task<T> Call<T>(AwsKmsClient kms, string operation, string keyId, Func<Task<T>> call)
    {
        using var activity = KmsKitTelemetry.Source.StartActivity($"KMS {operation}", ActivityKind.Client);
        activity?.SetTag("aws.kms.key_id", keyId);
        KmsKitTelemetry.KmsRequests.Add(1, KmsKitTelemetry.Operation(operation));
        try
        {
            var response = await call().ConfigureAwait(false);
            KmsLog.Called(kms.Logger, operation, keyId);
            return response;
        }
        catch (AmazonServiceException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.ErrorCode);
            KmsLog.Refused(kms.Logger, operation, keyId, e.ErrorCode);
            throw new EncryptionSdkException($"AWS KMS refused {operation} with key '{keyId}': {e.ErrorCode} ({e.Message})", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            // KMS was not reached (network, credentials): another keyring of a multi-keyring may still succeed.
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            KmsLog.Refused(kms.Logger, operation, keyId, e.GetType().Name);
            throw new EncryptionSdkException($"AWS KMS could not be reached for {operation} with key '{keyId}': {e.Message}", e);
        }
    }

    private static byte[] TakePlaintext(MemoryStream stream)
    {
        var plaintext = stream.ToArray();
        if (stream.TryGetBuffer(out var buffer))
        {
            CryptographicOperations.ZeroMemory(buffer);
        }

        return plaintext;
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> context) => context.ToDictionary(StringComparer.Ordinal);

    private static List<string>? Tokens(List<string> grantTokens) => grantTokens.Count > 0 ? grantTokens : null;
}
