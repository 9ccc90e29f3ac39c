using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Materials;

/// <summary>What the client asks a materials manager for when it decrypts a message.</summary>
/// <param name="Suite">The message's suite.</param>
/// <param name="EncryptedDataKeys">The message's wrapped data keys.</param>
/// <param name="EncryptionContext">The encryption context stored in the message.</param>
/// <param name="ReproducedEncryptionContext">The context the caller supplied: checked against the stored one, and the source of the required keys.</param>
/// <param name="CommitmentPolicy">The client's commitment policy.</param>
public sealed record DecryptionMaterialsRequest(
    AlgorithmSuite Suite,
    IReadOnlyList<EncryptedDataKey> EncryptedDataKeys,
    IReadOnlyDictionary<string, string> EncryptionContext,
    IReadOnlyDictionary<string, string> ReproducedEncryptionContext,
    CommitmentPolicy CommitmentPolicy);
