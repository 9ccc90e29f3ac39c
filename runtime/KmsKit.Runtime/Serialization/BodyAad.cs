using System.Buffers.Binary;

namespace KmsKit.Runtime.Serialization;

/// <summary>
/// The additional authenticated data of a body frame: message id + frame kind string + sequence number u32 +
/// content length u64. It binds every frame to its message, its place and its length.
/// </summary>
internal static class BodyAad
{
    /// <summary>Enough for a 32-byte message id, the longest kind string and the two numbers.</summary>
    public const int MaxLength = 32 + 35 + 4 + 8;

    public static int Write(Span<byte> destination, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> kind, uint sequenceNumber, ulong contentLength)
    {
        messageId.CopyTo(destination);
        var offset = messageId.Length;
        kind.CopyTo(destination[offset..]);
        offset += kind.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], sequenceNumber);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 4)..], contentLength);
        return offset + 12;
    }

    /// <summary>The frame IV: 8 zero bytes + the sequence number.</summary>
    public static void WriteFrameIv(Span<byte> iv, uint sequenceNumber)
    {
        iv[..8].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], sequenceNumber);
    }
}
