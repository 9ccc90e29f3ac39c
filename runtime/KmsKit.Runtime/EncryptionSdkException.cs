namespace KmsKit.Runtime;

/// <summary>
/// A message could not be encrypted or decrypted: malformed or tampered input, no usable key, a policy refusal.
/// The message names the problem; it never contains key material or plaintext.
/// </summary>
public sealed class EncryptionSdkException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public EncryptionSdkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the problem and its cause.</summary>
    public EncryptionSdkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
