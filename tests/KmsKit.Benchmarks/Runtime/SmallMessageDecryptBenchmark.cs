using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// Issue 22's decrypt target: 1 KiB messages with cached materials, over 100,000 per second on one thread for 0x0478
/// (the Op/s column); 0x0578 reported beside it (bound by ECDSA P-384 verification). Raw AES-GCM decryption of the
/// same 1 KiB is the baseline. Each suite's message is made once; every call decrypts it anew.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OperationsPerSecond))]
public class SmallMessageDecryptBenchmark
{
    private const int Size = 1 << 10;
    private readonly byte[] _ciphertext = new byte[Size];
    private readonly byte[] _plaintext = new byte[Size];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), 16);
    private readonly CachedMaterials _committing = new(4096);
    private readonly CachedMaterials _signing = new(4096, AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384);
    private readonly byte[] _committingMessage;
    private readonly byte[] _signingMessage;

    public SmallMessageDecryptBenchmark()
    {
        var plaintext = RandomNumberGenerator.GetBytes(Size);
        _aes.Encrypt(_nonce, plaintext, _ciphertext, _tag);
        _committingMessage = _committing.Client.EncryptAsync(plaintext, _committing.Manager).GetAwaiter().GetResult();
        _signingMessage = _signing.Client.EncryptAsync(plaintext, _signing.Manager).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _committing.Dispose();
        _signing.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcm()
    {
        _aes.Decrypt(_nonce, _ciphertext, _tag, _plaintext);
        return _plaintext;
    }

    [Benchmark]
    public Task<DecryptResult> KmsKitDecrypt() => _committing.Client.DecryptAsync(_committingMessage, _committing.Manager);

    [Benchmark]
    public Task<DecryptResult> KmsKitDecryptSigned() => _signing.Client.DecryptAsync(_signingMessage, _signing.Manager);

    /// <summary>0x0578 encryption, for its rate beside the decrypt figures (ECDSA P-384 signing bounds it).</summary>
    [Benchmark]
    public Task<byte[]> KmsKitEncryptSigned() => _signing.Client.EncryptAsync(_plaintext, _signing.Manager);

    private sealed class OperationsPerSecond : ManualConfig
    {
        public OperationsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
