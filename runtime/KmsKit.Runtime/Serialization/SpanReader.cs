using System.Buffers.Binary;

namespace KmsKit.Runtime.Serialization;

/// <summary>Reads big-endian fields from a byte span; running past the end is a malformed message.</summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public SpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    public readonly bool IsAtEnd => _offset == _data.Length;

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count > _data.Length - _offset)
        {
            throw new EncryptionSdkException("A field of the message is shorter than its length says.");
        }

        var bytes = _data.Slice(_offset, count);
        _offset += count;
        return bytes;
    }
}
