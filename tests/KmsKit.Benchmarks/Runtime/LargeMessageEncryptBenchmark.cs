using System.Buffers;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using KmsKit.Runtime.Format;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// Issue 4's throughput targets: a 1 MiB message of suite 0x0478 costs at most 1/0.60 (frame 4 KiB) and 1/0.85
/// (frame 64 KiB) of raw AES-GCM over the same bytes. The baseline is the least work AES-GCM can do on 1 MiB: one
/// <see cref="AesGcm.Encrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// call, key schedule made once, output buffer allocated once; so the ratio charges the runtime for everything the
/// format adds (key derivation, header, per-frame nonces, AAD and tags). The <c>byte[]</c> API also allocates a new
/// 1 MiB array per message (large-object heap, so frequent gen-2 collections); <see cref="RawAesGcmIntoNewArray"/>
/// shows that cost apart (issue 18: the <c>byte[]</c> API within 1.25x of it), and
/// <see cref="KmsKitEncryptToBufferWriter"/> measures the format without it.
/// </summary>
[MemoryDiagnoser]
public class LargeMessageEncryptBenchmark
{
    private const int Size = 1 << 20;

    /// <summary>A frame's AAD: message id, "AWSKMSEncryptionClient Frame", sequence number, content length.</summary>
    private const int BodyAadLength = 32 + 28 + 4 + 8;
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(Size);
    private readonly byte[] _ciphertext = new byte[Size];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), 16);
    private readonly ArrayBufferWriter<byte> _output = new(2 * Size);
    private CachedMaterials _runtime = null!;
    private CachedMaterials _signing = null!;
    private int _messageLength;

    [Params(4096, 65536)]
    public int FrameLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _runtime = new CachedMaterials(FrameLength);
        _signing = new CachedMaterials(FrameLength, AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384);
        _messageLength = KmsKitEncrypt().GetAwaiter().GetResult().Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _signing.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcm()
    {
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return _ciphertext;
    }

    /// <summary>
    /// The floor of any framed format: raw AES-GCM over the same 1 MiB in calls of one frame each, with an AAD as long
    /// as a frame's. Each call re-initialises the cipher for its nonce (OpenSSL on Linux), which costs about as
    /// much as encrypting a few KiB.
    /// </summary>
    [Benchmark]
    public byte[] RawAesGcmInFrames()
    {
        Span<byte> aad = stackalloc byte[BodyAadLength];
        for (var offset = 0; offset < Size; offset += FrameLength)
        {
            var length = Math.Min(FrameLength, Size - offset);
            _aes.Encrypt(_nonce, _plaintext.AsSpan(offset, length), _ciphertext.AsSpan(offset, length), _tag, aad);
        }

        return _ciphertext;
    }

    /// <summary>
    /// The baseline's work into a new array as long as the message KmsKitEncrypt returns (1 MiB and the format's
    /// bytes): what that allocation costs alone.
    /// </summary>
    [Benchmark]
    public byte[] RawAesGcmIntoNewArray()
    {
        var ciphertext = GC.AllocateUninitializedArray<byte>(_messageLength);
        _aes.Encrypt(_nonce, _plaintext, ciphertext.AsSpan(0, Size), ciphertext.AsSpan(Size, _tag.Length));
        return ciphertext;
    }

    /// <summary>
    /// The floor of a framed format into a new array: raw AES-GCM in frame-sized calls (each with a frame's AAD) into a
    /// new array as long as the message, every tag in its place after its frame as in the message.
    /// </summary>
    [Benchmark]
    public byte[] RawAesGcmInFramesIntoNewArray()
    {
        var ciphertext = GC.AllocateUninitializedArray<byte>(_messageLength);
        Span<byte> aad = stackalloc byte[BodyAadLength];
        var output = 0;
        for (var offset = 0; offset < Size; offset += FrameLength)
        {
            var length = Math.Min(FrameLength, Size - offset);
            _aes.Encrypt(_nonce, _plaintext.AsSpan(offset, length), ciphertext.AsSpan(output, length), ciphertext.AsSpan(output + length, _tag.Length), aad);
            output += length + _tag.Length;
        }

        return ciphertext;
    }

    /// <summary>The <c>byte[]</c> API: a new array of the message's length per message.</summary>
    [Benchmark]
    public Task<byte[]> KmsKitEncrypt() => _runtime.Client.EncryptAsync(_plaintext, _runtime.Manager);

    /// <summary>Into a buffer the caller reuses: the message's allocation left out.</summary>
    [Benchmark]
    public Task<int> KmsKitEncryptToBufferWriter()
    {
        _output.ResetWrittenCount();
        return _runtime.Client.EncryptAsync(_plaintext, _output, _runtime.Manager);
    }

    /// <summary>The <c>byte[]</c> API with the default suite 0x0578 (signed: SHA-384 over the message, ECDSA P-384).</summary>
    [Benchmark]
    public Task<byte[]> KmsKitEncryptSigned() => _signing.Client.EncryptAsync(_plaintext, _signing.Manager);

    /// <summary>0x0578 into a reused <c>IBufferWriter</c>: the signed message's allocation left out.</summary>
    [Benchmark]
    public Task<int> KmsKitEncryptSignedToBufferWriter()
    {
        _output.ResetWrittenCount();
        return _signing.Client.EncryptAsync(_plaintext, _output, _signing.Manager);
    }
}
