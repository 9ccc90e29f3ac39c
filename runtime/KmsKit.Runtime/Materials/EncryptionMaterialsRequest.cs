using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Materials;

/// <summary>What the client asks a materials manager for when it encrypts a message.</summary>
/// <param name="EncryptionContext">The caller's encryption context.</param>
/// <param name="CommitmentPolicy">The client's commitment policy.</param>
/// <param name="Suite">The suite the caller asked for, or null for the default (0x0578).</param>
/// <param name="PlaintextLength">The plaintext length when known in advance.</param>
/// <param name="RequiredEncryptionContextKeys">Context keys to authenticate without storing them.</param>
public sealed record EncryptionMaterialsRequest(
    IReadOnlyDictionary<string, string> EncryptionContext,
    CommitmentPolicy CommitmentPolicy,
    AlgorithmSuite? Suite = null,
    long? PlaintextLength = null,
    IReadOnlyCollection<string>? RequiredEncryptionContextKeys = null);
