using System.Security.Cryptography;
using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Materials;

/// <summary>
/// What a message is decrypted with: the suite, the full encryption context (stored plus reproduced), the
/// plaintext data key once a keyring unwraps it, and the signature verification key. Disposing zeroes the data key.
/// </summary>
public sealed class DecryptionMaterials : IDisposable
{
    /// <summary>Creates materials with no data key yet.</summary>
    public DecryptionMaterials(
        AlgorithmSuite suite,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyCollection<string>? requiredEncryptionContextKeys = null,
        ECDsa? verificationKey = null)
    {
        Suite = suite;
        EncryptionContext = encryptionContext;
        RequiredEncryptionContextKeys = requiredEncryptionContextKeys ?? [];
        VerificationKey = verificationKey;
    }

    /// <summary>The algorithm suite.</summary>
    public AlgorithmSuite Suite { get; }

    /// <summary>The full encryption context: the stored one plus the keys the caller reproduced.</summary>
    public IReadOnlyDictionary<string, string> EncryptionContext { get; }

    /// <summary>Context keys that were authenticated but not stored in the message.</summary>
    public IReadOnlyCollection<string> RequiredEncryptionContextKeys { get; }

    /// <summary>The plaintext data key, once a keyring has unwrapped it.</summary>
    public byte[]? PlaintextDataKey { get; private set; }

    /// <summary>The public key that verifies the footer signature, for signing suites.</summary>
    public ECDsa? VerificationKey { get; }

    /// <summary>Sets the data key; it is set once and must have the suite's length.</summary>
    public void SetPlaintextDataKey(byte[] dataKey)
        => PlaintextDataKey = DataKeyRules.CheckNew(Suite, PlaintextDataKey, dataKey);

    /// <summary>An independent copy, for a cache to hand out.</summary>
    public DecryptionMaterials Clone()
    {
        var clone = new DecryptionMaterials(
            Suite,
            EncryptionContext,
            RequiredEncryptionContextKeys,
            VerificationKey is null ? null : ECDsa.Create(VerificationKey.ExportParameters(includePrivateParameters: false)));
        if (PlaintextDataKey is not null)
        {
            clone.SetPlaintextDataKey((byte[])PlaintextDataKey.Clone());
        }

        return clone;
    }

    /// <summary>Zeroes the data key and releases the verification key.</summary>
    public void Dispose()
    {
        if (PlaintextDataKey is not null)
        {
            CryptographicOperations.ZeroMemory(PlaintextDataKey);
        }

        VerificationKey?.Dispose();
    }
}
