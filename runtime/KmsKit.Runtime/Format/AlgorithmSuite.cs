using System.Security.Cryptography;

namespace KmsKit.Runtime.Format;

/// <summary>How an algorithm suite turns the data key into the content key.</summary>
public enum KeyDerivation
{
    /// <summary>The data key is the content key (legacy suites 0x00xx).</summary>
    None,

    /// <summary>HKDF with SHA-256, info = suite id + message id.</summary>
    HkdfSha256,

    /// <summary>HKDF with SHA-384, info = suite id + message id.</summary>
    HkdfSha384,

    /// <summary>HKDF with SHA-512 salted with the message id, plus a key commitment.</summary>
    HkdfSha512Committing,
}

/// <summary>One of the eleven algorithm suites of the AWS Encryption SDK (all AES-GCM, IV 12, tag 16).</summary>
public sealed class AlgorithmSuite
{
    private static readonly (ECCurve Curve, HashAlgorithmName Hash) P256 = (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256);
    private static readonly (ECCurve Curve, HashAlgorithmName Hash) P384 = (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384);

    private AlgorithmSuite(ushort id, byte messageFormatVersion, int keyLength, KeyDerivation kdf, (ECCurve Curve, HashAlgorithmName Hash)? signature)
    {
        Id = id;
        MessageFormatVersion = messageFormatVersion;
        KeyLength = keyLength;
        Kdf = kdf;
        SignatureCurve = signature?.Curve;
        SignatureHash = signature?.Hash ?? default;
    }

    /// <summary>AES-128-GCM, no key derivation, no signature (legacy).</summary>
    public static AlgorithmSuite Aes128GcmIv12Tag16NoKdf { get; } = new(0x0014, 1, 16, KeyDerivation.None, null);

    /// <summary>AES-192-GCM, no key derivation, no signature (legacy).</summary>
    public static AlgorithmSuite Aes192GcmIv12Tag16NoKdf { get; } = new(0x0046, 1, 24, KeyDerivation.None, null);

    /// <summary>AES-256-GCM, no key derivation, no signature (legacy).</summary>
    public static AlgorithmSuite Aes256GcmIv12Tag16NoKdf { get; } = new(0x0078, 1, 32, KeyDerivation.None, null);

    /// <summary>AES-128-GCM, HKDF-SHA256 (legacy).</summary>
    public static AlgorithmSuite Aes128GcmIv12Tag16HkdfSha256 { get; } = new(0x0114, 1, 16, KeyDerivation.HkdfSha256, null);

    /// <summary>AES-192-GCM, HKDF-SHA256 (legacy).</summary>
    public static AlgorithmSuite Aes192GcmIv12Tag16HkdfSha256 { get; } = new(0x0146, 1, 24, KeyDerivation.HkdfSha256, null);

    /// <summary>AES-256-GCM, HKDF-SHA256 (legacy).</summary>
    public static AlgorithmSuite Aes256GcmIv12Tag16HkdfSha256 { get; } = new(0x0178, 1, 32, KeyDerivation.HkdfSha256, null);

    /// <summary>AES-128-GCM, HKDF-SHA256, ECDSA P-256 signature (legacy).</summary>
    public static AlgorithmSuite Aes128GcmIv12Tag16HkdfSha256EcdsaP256 { get; } = new(0x0214, 1, 16, KeyDerivation.HkdfSha256, P256);

    /// <summary>AES-192-GCM, HKDF-SHA384, ECDSA P-384 signature (legacy).</summary>
    public static AlgorithmSuite Aes192GcmIv12Tag16HkdfSha384EcdsaP384 { get; } = new(0x0346, 1, 24, KeyDerivation.HkdfSha384, P384);

    /// <summary>AES-256-GCM, HKDF-SHA384, ECDSA P-384 signature (legacy).</summary>
    public static AlgorithmSuite Aes256GcmIv12Tag16HkdfSha384EcdsaP384 { get; } = new(0x0378, 1, 32, KeyDerivation.HkdfSha384, P384);

    /// <summary>AES-256-GCM, HKDF-SHA512 with key commitment, no signature.</summary>
    public static AlgorithmSuite Aes256GcmHkdfSha512CommitKey { get; } = new(0x0478, 2, 32, KeyDerivation.HkdfSha512Committing, null);

    /// <summary>AES-256-GCM, HKDF-SHA512 with key commitment, ECDSA P-384 signature: the default.</summary>
    public static AlgorithmSuite Aes256GcmHkdfSha512CommitKeyEcdsaP384 { get; } = new(0x0578, 2, 32, KeyDerivation.HkdfSha512Committing, P384);

    /// <summary>Every suite, in identifier order.</summary>
    public static IReadOnlyList<AlgorithmSuite> All { get; } =
    [
        Aes128GcmIv12Tag16NoKdf, Aes192GcmIv12Tag16NoKdf, Aes256GcmIv12Tag16NoKdf,
        Aes128GcmIv12Tag16HkdfSha256, Aes192GcmIv12Tag16HkdfSha256, Aes256GcmIv12Tag16HkdfSha256,
        Aes128GcmIv12Tag16HkdfSha256EcdsaP256, Aes192GcmIv12Tag16HkdfSha384EcdsaP384, Aes256GcmIv12Tag16HkdfSha384EcdsaP384,
        Aes256GcmHkdfSha512CommitKey, Aes256GcmHkdfSha512CommitKeyEcdsaP384,
    ];

    /// <summary>The two-byte identifier written in the message header.</summary>
    public ushort Id { get; }

    /// <summary>1 for legacy suites, 2 for committing suites.</summary>
    public byte MessageFormatVersion { get; }

    /// <summary>Length in bytes of the data key and of the AES content key.</summary>
    public int KeyLength { get; }

    /// <summary>The key derivation.</summary>
    public KeyDerivation Kdf { get; }

    /// <summary>The ECDSA curve of the footer signature, or null for unsigned suites.</summary>
    public ECCurve? SignatureCurve { get; }

    /// <summary>Whether messages carry a footer signature.</summary>
    public bool IsSigning => SignatureCurve is not null;

    /// <summary>Whether the data key is committed in the header (message format 2).</summary>
    public bool IsCommitting => Kdf == KeyDerivation.HkdfSha512Committing;

    /// <summary>The hash of the signature (SHA-256 on P-256, SHA-384 on P-384).</summary>
    internal HashAlgorithmName SignatureHash { get; }

    /// <summary>The suite with this identifier, or null when no suite has it.</summary>
    public static AlgorithmSuite? FromId(ushort id) => All.FirstOrDefault(suite => suite.Id == id);

    /// <inheritdoc />
    public override string ToString() => $"0x{Id:X4}";
}
