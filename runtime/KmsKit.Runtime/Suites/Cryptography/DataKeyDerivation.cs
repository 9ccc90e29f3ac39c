using System.Buffers.Binary;
using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Serialization;

namespace KmsKit.Runtime.Suites.Cryptography;

/// <summary>Turns a plaintext data key into the content key (and the commitment key for format 2).</summary>
internal static class DataKeyDerivation
{
    private const int MaxContentKeyLength = 32;

    /// <summary>
    /// Derives the keys and returns an AES-GCM cipher under the content key, which lives only on this method's stack
    /// and is zeroed before it returns; the commitment key (public: it is in the header) goes to <paramref name="commitmentKey"/>.
    /// </summary>
    public static AesGcm ContentCipher(AlgorithmSuite suite, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> messageId, Span<byte> commitmentKey)
    {
        Span<byte> contentKey = stackalloc byte[MaxContentKeyLength];
        contentKey = contentKey[..suite.KeyLength];
        try
        {
            Derive(suite, dataKey, messageId, contentKey, commitmentKey);
            return new AesGcm(contentKey, FormatConstants.TagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>
    /// Derives the content key into <paramref name="contentKey"/> (the suite's key length) and, for format 2, the
    /// commitment key into <paramref name="commitmentKey"/>; the caller zeroes both after use.
    /// </summary>
    public static void Derive(AlgorithmSuite suite, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> messageId, Span<byte> contentKey, Span<byte> commitmentKey)
    {
        if (dataKey.Length != suite.KeyLength)
        {
            throw new EncryptionSdkException($"The data key has {dataKey.Length} bytes; suite {suite} needs {suite.KeyLength}.");
        }

        Span<byte> suiteId = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(suiteId, suite.Id);
        switch (suite.Kdf)
        {
            case KeyDerivation.None:
                dataKey.CopyTo(contentKey);
                return;
            case KeyDerivation.HkdfSha256:
            case KeyDerivation.HkdfSha384:
                {
                    var hash = suite.Kdf == KeyDerivation.HkdfSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                    Span<byte> info = stackalloc byte[2 + messageId.Length];
                    suiteId.CopyTo(info);
                    messageId.CopyTo(info[2..]);
                    HKDF.DeriveKey(hash, dataKey, contentKey, salt: [], info);
                    return;
                }

            default:
                {
                    Span<byte> prk = stackalloc byte[64];
                    HKDF.Extract(HashAlgorithmName.SHA512, dataKey, messageId, prk);
                    Span<byte> info = stackalloc byte[2 + FormatConstants.DeriveKeyLabel.Length];
                    suiteId.CopyTo(info);
                    FormatConstants.DeriveKeyLabel.CopyTo(info[2..]);
                    HKDF.Expand(HashAlgorithmName.SHA512, prk, contentKey, info);
                    HKDF.Expand(HashAlgorithmName.SHA512, prk, commitmentKey[..FormatConstants.CommitmentKeyLength], FormatConstants.CommitKeyLabel);
                    CryptographicOperations.ZeroMemory(prk);
                    return;
                }
        }
    }
}
