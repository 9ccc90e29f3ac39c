using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KmsKit.Runtime.Format;

/// <summary>Turns a plaintext data key into the content key (and the commitment key for format 2).</summary>
internal static class DataKeyDerivation
{
    /// <summary>Derives the keys; the caller zeroes both arrays after use.</summary>
    public static (byte[] ContentKey, byte[] CommitmentKey) Derive(AlgorithmSuite suite, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> messageId)
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
                return (dataKey.ToArray(), []);
            case KeyDerivation.HkdfSha256:
            case KeyDerivation.HkdfSha384:
                {
                    var hash = suite.Kdf == KeyDerivation.HkdfSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                    var info = new byte[2 + messageId.Length];
                    suiteId.CopyTo(info);
                    messageId.CopyTo(info.AsSpan(2));
                    var contentKey = new byte[suite.KeyLength];
                    HKDF.DeriveKey(hash, dataKey, contentKey, salt: [], info);
                    return (contentKey, []);
                }

            default:
                {
                    Span<byte> prk = stackalloc byte[64];
                    HKDF.Extract(HashAlgorithmName.SHA512, dataKey, messageId, prk);
                    Span<byte> info = stackalloc byte[2 + FormatConstants.DeriveKeyLabel.Length];
                    suiteId.CopyTo(info);
                    FormatConstants.DeriveKeyLabel.CopyTo(info[2..]);
                    var contentKey = new byte[suite.KeyLength];
                    var commitmentKey = new byte[FormatConstants.CommitmentKeyLength];
                    HKDF.Expand(HashAlgorithmName.SHA512, prk, contentKey, info);
                    HKDF.Expand(HashAlgorithmName.SHA512, prk, commitmentKey, FormatConstants.CommitKeyLabel);
                    CryptographicOperations.ZeroMemory(prk);
                    return (contentKey, commitmentKey);
                }
        }
    }
}
