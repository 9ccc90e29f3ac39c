using System.Security.Cryptography;
using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Materials;

/// <summary>
/// What a message is encrypted with: the suite, the full encryption context, the plaintext data key and its
/// wrapped copies, and the signing key. Keyrings add the data key and wrapped keys. Whoever holds the
/// materials disposes them, which zeroes the data key.
/// </summary>
public sealed class EncryptionMaterials : IDisposable
{
    private readonly List<EncryptedDataKey> _encryptedDataKeys = [];

    /// <summary>Creates materials with no data key yet.</summary>
    public EncryptionMaterials(
        AlgorithmSuite suite,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyCollection<string>? requiredEncryptionContextKeys = null,
        ECDsa? signingKey = null)
    {
        Suite = suite;
        EncryptionContext = encryptionContext;
        RequiredEncryptionContextKeys = requiredEncryptionContextKeys ?? [];
        SigningKey = signingKey;
    }

    /// <summary>The algorithm suite.</summary>
    public AlgorithmSuite Suite { get; }

    /// <summary>The full encryption context, the one keyrings bind the data key to.</summary>
    public IReadOnlyDictionary<string, string> EncryptionContext { get; }

    /// <summary>Context keys authenticated but not stored in the message: the decrypting caller must supply them.</summary>
    public IReadOnlyCollection<string> RequiredEncryptionContextKeys { get; }

    /// <summary>The plaintext data key, once a keyring has generated or been given it.</summary>
    public byte[]? PlaintextDataKey { get; private set; }

    /// <summary>The wrapped copies of the data key.</summary>
    public IReadOnlyList<EncryptedDataKey> EncryptedDataKeys => _encryptedDataKeys;

    /// <summary>The private key that signs the message, for signing suites.</summary>
    public ECDsa? SigningKey { get; }

    /// <summary>Sets the data key; it is set once and must have the suite's length.</summary>
    public void SetPlaintextDataKey(byte[] dataKey)
        => PlaintextDataKey = DataKeyRules.CheckNew(Suite, PlaintextDataKey, dataKey);

    /// <summary>Adds a wrapped copy of the data key.</summary>
    public void AddEncryptedDataKey(EncryptedDataKey encryptedDataKey) => _encryptedDataKeys.Add(encryptedDataKey);

    /// <summary>An independent copy (the data key and signing key copied too), for a cache to hand out.</summary>
    public EncryptionMaterials Clone()
    {
        var clone = new EncryptionMaterials(Suite, EncryptionContext, RequiredEncryptionContextKeys, SigningKey is null ? null : CopyKey(SigningKey));
        if (PlaintextDataKey is not null)
        {
            clone.SetPlaintextDataKey((byte[])PlaintextDataKey.Clone());
        }

        clone._encryptedDataKeys.AddRange(_encryptedDataKeys);
        return clone;
    }

    /// <summary>Zeroes the data key and releases the signing key.</summary>
    public void Dispose()
    {
        if (PlaintextDataKey is not null)
        {
            CryptographicOperations.ZeroMemory(PlaintextDataKey);
        }

        SigningKey?.Dispose();
    }

    private static ECDsa CopyKey(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            return ECDsa.Create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }
}
