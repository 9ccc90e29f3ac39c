namespace KmsKit.Runtime;

/// <summary>The plaintext of a message and what the message said about itself.</summary>
/// <param name="Plaintext">The plaintext.</param>
/// <param name="Info">The suite, message id and encryption context.</param>
public sealed record DecryptResult(byte[] Plaintext, MessageInfo Info);
