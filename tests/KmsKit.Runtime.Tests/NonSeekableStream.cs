namespace KmsKit.Runtime.Tests;

/// <summary>A stream over bytes that cannot seek and returns short reads (at most 777 bytes), like a network stream.</summary>
internal sealed class NonSeekableStream(byte[] data) : ForwardOnlyReadStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, 777), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
