using KmsKit.Runtime.Format;

namespace KmsKit.Runtime;

/// <summary>What a decrypted message said about itself.</summary>
/// <param name="Suite">Its algorithm suite.</param>
/// <param name="MessageId">Its message id.</param>
/// <param name="EncryptionContext">Its full encryption context (stored plus reproduced keys).</param>
public sealed record MessageInfo(AlgorithmSuite Suite, byte[] MessageId, IReadOnlyDictionary<string, string> EncryptionContext);

/// <summary>The plaintext of a message and what the message said about itself.</summary>
/// <param name="Plaintext">The plaintext.</param>
/// <param name="Info">The suite, message id and encryption context.</param>
public sealed record DecryptResult(byte[] Plaintext, MessageInfo Info);
