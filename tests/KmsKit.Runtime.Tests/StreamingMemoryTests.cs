using System.Security.Cryptography;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Pipelines;

namespace KmsKit.Runtime.Tests;

/// <summary>
/// Streams far larger than the memory they may use. Holding the message would allocate at least its size; the
/// stream paths hold two frames and allocate only small per-frame garbage (async reads of the file), so the
/// budget is a quarter of the message, process-wide, measured with nothing else running.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class StreamingMemoryTests
{
    private const long Size = 32L << 20;
    private const long AllocationBudget = Size / 4;

    [Theory]
    [InlineData(0x0478)]
    [InlineData(0x0578)]
    public async Task A_32_MiB_stream_encrypts_and_decrypts_in_constant_memory(ushort suite)
    {
        var client = TestKeys.Client(suite);
        var cmm = new DefaultCryptographicMaterialsManager(TestKeys.AesKeyring());
        var path = Path.GetTempFileName();
        try
        {
            // A small message first, so that first-call costs (JIT, type loading) stay out of the measurement.
            await RoundTripAsync(client, cmm, path, new PatternStream(10_000), new HashingSink());
            var source = new PatternStream(Size);
            long encryptAllocated;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await client.EncryptAsync(source, file, cmm);
                encryptAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            var sink = new HashingSink();
            long decryptAllocated;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await client.DecryptAsync(file, sink, cmm);
                decryptAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            Assert.Equal(Size, sink.Length);
            Assert.Equal(source.Hash(), sink.Hash());
            Assert.InRange(encryptAllocated, 0, AllocationBudget);
            Assert.InRange(decryptAllocated, 0, AllocationBudget);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task RoundTripAsync(EncryptionClient client, ICryptographicMaterialsManager cmm, string path, Stream source, Stream sink)
    {
        await using (var file = File.Create(path))
        {
            await client.EncryptAsync(source, file, cmm);
        }

        await using (var file = File.OpenRead(path))
        {
            await client.DecryptAsync(file, sink, cmm);
        }
    }

    /// <summary>A deterministic plaintext of any length that is never held in memory.</summary>
    private sealed class PatternStream(long length) : ForwardOnlyReadStream
    {
        private long _position;

        public byte[] Hash()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            for (long offset = 0; offset < length; offset += buffer.Length)
            {
                var n = (int)Math.Min(buffer.Length, length - offset);
                Fill(buffer.AsSpan(0, n), offset);
                hash.AppendData(buffer, 0, n);
            }

            return hash.GetHashAndReset();
        }

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            Fill(buffer[..n], _position);
            _position += n;
            return n;
        }

        private static void Fill(Span<byte> destination, long start)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (byte)((start + i) * 31 >> 3);
            }
        }
    }

    /// <summary>An output that keeps only a hash and a count of what it is given.</summary>
    private sealed class HashingSink : WriteOnlyStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        protected override void Accept(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
