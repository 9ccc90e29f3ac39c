using System.Buffers;
using System.Security.Cryptography;

namespace KmsKit.Runtime.Pipelines;

/// <summary>
/// Holds decrypted plaintext until the signature is verified, in pooled chunks that are zeroed on dispose
/// (a growing MemoryStream would leave unzeroed copies of the plaintext behind each time it grows).
/// </summary>
internal sealed class PlaintextBuffer : WriteOnlyStream
{
    private const int ChunkSize = 1 << 16;
    private readonly List<byte[]> _chunks = [];

    /// <summary>Writes everything held to <paramref name="destination"/>.</summary>
    public async Task ReleaseToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var remaining = Length;
        foreach (var chunk in _chunks)
        {
            var n = (int)Math.Min(ChunkSize, remaining);
            await destination.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            remaining -= n;
        }
    }

    protected override void Accept(ReadOnlySpan<byte> buffer)
    {
        var length = Length;
        while (!buffer.IsEmpty)
        {
            var offset = (int)(length % ChunkSize);
            if (offset == 0)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            }

            var n = Math.Min(ChunkSize - offset, buffer.Length);
            buffer[..n].CopyTo(_chunks[^1].AsSpan(offset));
            buffer = buffer[n..];
            length += n;
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var chunk in _chunks)
        {
            CryptographicOperations.ZeroMemory(chunk);
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        base.Dispose(disposing);
    }
}
