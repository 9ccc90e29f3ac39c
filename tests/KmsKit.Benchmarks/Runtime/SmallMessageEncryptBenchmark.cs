using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// Issue 4's message-rate target: 1 KiB messages of suite 0x0478 with cached materials, over 50,000 per second on one
/// core (the Op/s column; BenchmarkDotNet runs one thread). Raw AES-GCM over the same 1 KiB is the baseline, one
/// call on a key schedule made once; each message also pays its own key derivation, key schedule and header.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OperationsPerSecond))]
public class SmallMessageEncryptBenchmark
{
    private const int Size = 1 << 10;
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(Size);
    private readonly byte[] _ciphertext = new byte[Size];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), 16);
    private readonly CachedMaterials _runtime = new(4096);

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcm()
    {
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark]
    public Task<byte[]> KmsKitEncrypt() => _runtime.Client.EncryptAsync(_plaintext, _runtime.Manager);

    private sealed class OperationsPerSecond : ManualConfig
    {
        public OperationsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
