using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Serialization;

/// <summary>The header of a message: what is needed to find and check the data key before reading the body.</summary>
internal sealed class MessageHeader
{
    internal MessageHeader(
        AlgorithmSuite suite,
        byte[] messageId,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyList<EncryptedDataKey> encryptedDataKeys,
        ContentType contentType,
        uint frameLength,
        byte[] commitmentKey,
        byte[] body,
        byte[] authenticationIv,
        byte[] authenticationTag)
    {
        Suite = suite;
        MessageId = messageId;
        EncryptionContext = encryptionContext;
        EncryptedDataKeys = encryptedDataKeys;
        ContentType = contentType;
        FrameLength = frameLength;
        CommitmentKey = commitmentKey;
        Body = body;
        AuthenticationIv = authenticationIv;
        AuthenticationTag = authenticationTag;
    }

    /// <summary>The algorithm suite.</summary>
    public AlgorithmSuite Suite { get; }

    /// <summary>16 random bytes (format 1) or 32 (format 2).</summary>
    public byte[] MessageId { get; }

    /// <summary>The stored encryption context (without the required, reproduced keys).</summary>
    public IReadOnlyDictionary<string, string> EncryptionContext { get; }

    /// <summary>The wrapped copies of the data key.</summary>
    public IReadOnlyList<EncryptedDataKey> EncryptedDataKeys { get; }

    /// <summary>Framed or non-framed.</summary>
    public ContentType ContentType { get; }

    /// <summary>The frame length (0 when non-framed).</summary>
    public uint FrameLength { get; }

    /// <summary>The commitment key (format 2), empty for format 1.</summary>
    internal byte[] CommitmentKey { get; }

    /// <summary>The serialized header body: the bytes the header authentication tag covers.</summary>
    internal byte[] Body { get; }

    /// <summary>The IV of the header tag: written in format 1, twelve zero bytes in format 2.</summary>
    internal byte[] AuthenticationIv { get; }

    /// <summary>The header authentication tag.</summary>
    internal byte[] AuthenticationTag { get; }
}
