using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KmsKit.Runtime.Serialization;

/// <summary>
/// Reads exact-length fields from a message stream, feeding what it reads to the signature hash (once the
/// suite asks for one) and, while the header is read, to a capture of the header bytes.
/// </summary>
internal sealed class MessageReader
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[8];
    private ArrayBufferWriter<byte>? _capture;

    public MessageReader(Stream stream) => _stream = stream;

    /// <summary>When set, every byte read is added to this hash.</summary>
    public IncrementalHash? SignatureHash { get; set; }

    public void StartCapture() => _capture = new ArrayBufferWriter<byte>(256);

    public byte[] StopCapture()
    {
        var captured = _capture!.WrittenSpan.ToArray();
        _capture = null;
        return captured;
    }

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_scratch.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        return _scratch[0];
    }

    public async ValueTask<ushort> ReadUInt16Async(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_scratch.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt16BigEndian(_scratch);
    }

    public async ValueTask<uint> ReadUInt32Async(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_scratch.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt32BigEndian(_scratch);
    }

    public async ValueTask<ulong> ReadUInt64Async(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_scratch.AsMemory(0, 8), cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt64BigEndian(_scratch);
    }

    public async ValueTask<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        await ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new EncryptionSdkException("The message ends early: it is truncated.", e);
        }

        SignatureHash?.AppendData(destination.Span);
        _capture?.Write(destination.Span);
    }

    /// <summary>Fails when bytes follow the end of the message.</summary>
    public async ValueTask EnsureEndAsync(CancellationToken cancellationToken)
    {
        if (await _stream.ReadAsync(_scratch.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new EncryptionSdkException("Bytes follow the end of the message.");
        }
    }
}
