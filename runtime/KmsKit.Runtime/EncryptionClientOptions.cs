using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime;

/// <summary>Settings of an <see cref="EncryptionClient"/>.</summary>
public sealed class EncryptionClientOptions
{
    /// <summary>The largest frame length this client writes or reads.</summary>
    public const int MaxFrameLength = 1 << 30;

    /// <summary>Which suites the client writes and reads; by default only key-committing ones.</summary>
    public CommitmentPolicy CommitmentPolicy { get; set; } = CommitmentPolicy.RequireEncryptRequireDecrypt;

    /// <summary>The suite of new messages: 0x0578 (signed, the default) or 0x0478.</summary>
    public AlgorithmSuite Suite { get; set; } = AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384;

    /// <summary>The plaintext bytes per frame of new messages (default 4096).</summary>
    public int FrameLength { get; set; } = 4096;

    /// <summary>The most encrypted data keys a message may carry, written or read (default: the format's limit, 65535).</summary>
    public int MaxEncryptedDataKeys { get; set; } = ushort.MaxValue;

    /// <summary>
    /// On decrypt, the largest frame length, or non-framed body, a message may declare (the ESDKs' <c>maxBodySize</c>):
    /// a larger one is refused before its buffers are allocated. Null (the default): this reader's own limits, 1 GiB
    /// frames and 2 GiB non-framed bodies. Set it when messages come from writers that are not trusted with memory.
    /// </summary>
    public int? MaxBodySize { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Suite);
        if (!Enum.IsDefined(CommitmentPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(CommitmentPolicy), CommitmentPolicy, "Unknown commitment policy.");
        }

        if (!Suite.IsCommitting)
        {
            throw new ArgumentException($"KmsKit writes only key-committing suites (0x0478, 0x0578), not {Suite}.", nameof(Suite));
        }

        if (FrameLength is <= 0 or > MaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameLength), FrameLength, $"The frame length must be between 1 and {MaxFrameLength}.");
        }

        if (MaxBodySize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBodySize), MaxBodySize, "The largest body size must be at least 1 byte.");
        }

        if (MaxEncryptedDataKeys is <= 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEncryptedDataKeys), MaxEncryptedDataKeys, $"The limit on encrypted data keys must be between 1 and {ushort.MaxValue} (the format's limit).");
        }
    }
}
