using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using KmsKit.Runtime;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// The decrypt side of <see cref="LargeMessageEncryptBenchmark"/>: a 1 MiB message of suite 0x0478 at frames 4 KiB and
/// 64 KiB, made once and decrypted anew by every call of the <c>byte[]</c> API, which returns a new 1 MiB plaintext
/// array. Beside it raw AES-GCM decryption of the same 1 MiB in one call into a buffer reused (baseline) and into a
/// new array per call (what the returned array costs alone; issue 18: the <c>byte[]</c> API within 1.25x of it), and
/// raw AES-GCM in frame-sized calls into a new array (the floor of any framed format decrypted into a new array).
/// </summary>
[MemoryDiagnoser]
public class LargeMessageDecryptBenchmark
{
    private const int Size = 1 << 20;

    /// <summary>As long as a frame's AAD: message id, "AWSKMSEncryptionClient Frame", sequence number, content length.</summary>
    private static readonly byte[] FrameAad = new byte[32 + 28 + 4 + 8];
    private readonly byte[] _ciphertext = new byte[Size];
    private readonly byte[] _plaintext = new byte[Size];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), 16);
    private CachedMaterials _runtime = null!;
    private byte[] _message = null!;
    private byte[] _frameTags = null!;
    private byte[] _framedCiphertext = null!;

    [Params(4096, 65536)]
    public int FrameLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var plaintext = RandomNumberGenerator.GetBytes(Size);
        _aes.Encrypt(_nonce, plaintext, _ciphertext, _tag);
        _runtime = new CachedMaterials(FrameLength);
        _framedCiphertext = new byte[Size];
        _frameTags = new byte[Size / FrameLength * _tag.Length];
        for (var (offset, frame) = (0, 0); offset < Size; offset += FrameLength, frame++)
        {
            _aes.Encrypt(_nonce, plaintext.AsSpan(offset, FrameLength), _framedCiphertext.AsSpan(offset, FrameLength), _frameTags.AsSpan(frame * _tag.Length, _tag.Length), FrameAad);
        }

        _message = _runtime.Client.EncryptAsync(plaintext, _runtime.Manager).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcm()
    {
        _aes.Decrypt(_nonce, _ciphertext, _tag, _plaintext);
        return _plaintext;
    }

    /// <summary>The baseline's work into a new 1 MiB array, as the <c>byte[]</c> API returns.</summary>
    [Benchmark]
    public byte[] RawAesGcmIntoNewArray()
    {
        var plaintext = GC.AllocateUninitializedArray<byte>(Size);
        _aes.Decrypt(_nonce, _ciphertext, _tag, plaintext);
        return plaintext;
    }

    /// <summary>The floor of a framed message decrypted into a new array: one raw AES-GCM call per frame, each with a frame's AAD.</summary>
    [Benchmark]
    public byte[] RawAesGcmInFramesIntoNewArray()
    {
        var plaintext = GC.AllocateUninitializedArray<byte>(Size);
        for (var (offset, frame) = (0, 0); offset < Size; offset += FrameLength, frame++)
        {
            _aes.Decrypt(_nonce, _framedCiphertext.AsSpan(offset, FrameLength), _frameTags.AsSpan(frame * _tag.Length, _tag.Length), plaintext.AsSpan(offset, FrameLength), FrameAad);
        }

        return plaintext;
    }

    /// <summary>The <c>byte[]</c> API.</summary>
    [Benchmark]
    public Task<DecryptResult> KmsKitDecrypt() => _runtime.Client.DecryptAsync(_message, _runtime.Manager);
}
