using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using BenchmarkDotNet.Attributes;

namespace KmsKit.Benchmarks.Engine;

/// <summary>
/// Issue 3's target: GenerateDataKey (AES_256) through the engine costs under 20% more than the same raw calls:
/// C_GenerateRandom(32), then AES-GCM of the data key.
/// </summary>
[MemoryDiagnoser]
public class GenerateDataKeyBenchmark
{
    private readonly byte[] _iv = new byte[12];
    private readonly byte[] _additionalData = new byte[EngineBench.AdditionalDataLength];
    private EngineBench _bench = null!;

    [GlobalSetup]
    public void Setup() => _bench = new EngineBench();

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] RawPkcs11()
    {
        var dataKey = _bench.Session.GenerateRandom(32);
        try
        {
            return _bench.RawEncrypt(_iv, _additionalData, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    [Benchmark]
    public Task<GenerateDataKeyResponse> Engine() =>
        _bench.Kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = _bench.SymmetricKeyArn, KeySpec = DataKeySpec.AES_256 });
}
