using Amazon.KeyManagementService.Model;
using BenchmarkDotNet.Attributes;

namespace KmsKit.Benchmarks.Engine;

/// <summary>Issue 3's target: Decrypt of a 32-byte plaintext through the engine costs under 20% more than the raw AES-GCM call.</summary>
[MemoryDiagnoser]
public class DecryptBenchmark
{
    private readonly byte[] _iv = new byte[12];
    private readonly byte[] _additionalData = new byte[EngineBench.AdditionalDataLength];
    private EngineBench _bench = null!;
    private byte[] _rawCiphertext = [];
    private byte[] _blob = [];

    [GlobalSetup]
    public void Setup()
    {
        _bench = new EngineBench();
        _rawCiphertext = _bench.RawEncrypt(_iv, _additionalData, new byte[32]);
        _blob = _bench.Kms.EncryptAsync(new EncryptRequest { KeyId = _bench.SymmetricKeyArn, Plaintext = new MemoryStream(new byte[32]) })
            .GetAwaiter().GetResult().CiphertextBlob.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] RawPkcs11() => _bench.RawDecrypt(_iv, _additionalData, _rawCiphertext);

    [Benchmark]
    public Task<DecryptResponse> Engine() =>
        _bench.Kms.DecryptAsync(new DecryptRequest { KeyId = _bench.SymmetricKeyArn, CiphertextBlob = new MemoryStream(_blob) });
}
