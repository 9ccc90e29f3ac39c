using KmsKit.Runtime.Format;

namespace KmsKit.Runtime;

/// <summary>What a decrypted message said about itself.</summary>
/// <param name="Suite">Its algorithm suite.</param>
/// <param name="MessageId">Its message id.</param>
/// <param name="EncryptionContext">Its full encryption context (stored plus reproduced keys).</param>
public sealed record MessageInfo(AlgorithmSuite Suite, byte[] MessageId, IReadOnlyDictionary<string, string> EncryptionContext);
