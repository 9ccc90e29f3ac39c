namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>The error of a KMS keyring that unwrapped nothing, with every KMS refusal inside.</summary>
internal static class AwsKmsFailures
{
    public static EncryptionSdkException NoneUnwrapped(string keyring, int count, List<Exception> failures) =>
        failures.Count == 0
            ? new EncryptionSdkException($"{keyring} found no data key it may decrypt among the {count} in the message.")
            : new EncryptionSdkException($"{keyring} could not decrypt any data key: {string.Join(" ", failures.Select(f => f.Message))}", new AggregateException(failures));
}
