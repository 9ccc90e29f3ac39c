using System.Buffers.Binary;

namespace KmsKit.Runtime.Serialization;

/// <summary>
/// Walks the body of a message held in memory, one frame at a time (or its one non-framed block), checking its
/// structure as the stream reader does (sequence numbers, lengths, truncation) and pointing at each block's IV,
/// ciphertext and tag in place: nothing is copied.
/// </summary>
internal ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly MessageHeader _header;
    private readonly long _maxBodySize;
    private bool _done;

    /// <param name="message">The whole message.</param>
    /// <param name="bodyStart">Where the body starts, after the header tag.</param>
    /// <param name="header">The message's header.</param>
    /// <param name="maxBodySize">The largest non-framed body accepted.</param>
    public BodyReader(ReadOnlySpan<byte> message, int bodyStart, MessageHeader header, long maxBodySize)
    {
        _message = message;
        _header = header;
        _maxBodySize = maxBodySize;
        Offset = bodyStart;
    }

    /// <summary>Where the next block starts; once <see cref="MoveNext"/> returned false, where the body ends.</summary>
    public int Offset { get; private set; }

    public uint SequenceNumber { get; private set; }

    /// <summary>The AAD's content string: frame, final frame or single block.</summary>
    public ReadOnlySpan<byte> Kind { get; private set; }

    public ReadOnlySpan<byte> Iv { get; private set; }

    public ReadOnlySpan<byte> Ciphertext { get; private set; }

    public ReadOnlySpan<byte> Tag { get; private set; }

    /// <summary>Reads the next block; false after the final frame or the single block.</summary>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        if (_header.ContentType == ContentType.Framed)
        {
            ReadFrame();
        }
        else
        {
            ReadSingleBlock();
        }

        return true;
    }

    private void ReadFrame()
    {
        var expected = SequenceNumber + 1;
        var sequenceNumber = ReadUInt32();
        var isFinal = sequenceNumber == FormatConstants.FinalFrameMarker;
        if (isFinal)
        {
            sequenceNumber = ReadUInt32();
        }

        if (sequenceNumber != expected)
        {
            throw new EncryptionSdkException($"Frame {expected} carries sequence number {sequenceNumber}: frames were reordered, dropped or added.");
        }

        Iv = Take(FormatConstants.IvLength);
        var length = isFinal ? ReadUInt32() : _header.FrameLength;
        if (length > _header.FrameLength)
        {
            throw new EncryptionSdkException($"The final frame says it holds {length} bytes, more than the frame length {_header.FrameLength}.");
        }

        SequenceNumber = sequenceNumber;
        Kind = isFinal ? FormatConstants.FinalFrameAadString : FormatConstants.FrameAadString;
        Ciphertext = Take((int)length);
        Tag = Take(FormatConstants.TagLength);
        _done = isFinal;
    }

    private void ReadSingleBlock()
    {
        Iv = Take(FormatConstants.IvLength);
        var length = BinaryPrimitives.ReadUInt64BigEndian(Take(8));
        if (length > FormatConstants.MaxNonFramedContentLength || length > (ulong)(Array.MaxLength - FormatConstants.TagLength))
        {
            throw new EncryptionSdkException($"The non-framed body says it holds {length} bytes, more than this reader accepts.");
        }

        if ((long)length > _maxBodySize)
        {
            throw new EncryptionSdkException($"The non-framed body says it holds {length} bytes, more than MaxBodySize ({_maxBodySize}).");
        }

        SequenceNumber = 1;
        Kind = FormatConstants.SingleBlockAadString;
        Ciphertext = Take((int)length);
        Tag = Take(FormatConstants.TagLength);
        _done = true;
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _message.Length - Offset)
        {
            throw new EncryptionSdkException("The message ends early: it is truncated.");
        }

        var bytes = _message.Slice(Offset, count);
        Offset += count;
        return bytes;
    }
}
