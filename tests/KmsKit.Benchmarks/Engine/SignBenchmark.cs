using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using BenchmarkDotNet.Attributes;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Benchmarks.Engine;

/// <summary>
/// Sign (ECDSA_SHA_256, RAW message of 32 bytes, ECC_NIST_P256) through the engine beside the raw calls: SHA-256 in
/// .NET (SoftHSM has no CKM_ECDSA_SHA256), then CKM_ECDSA with the token's private key. The engine adds the DER
/// encoding KMS returns. Reported, with no target (issue 3's target is for the symmetric operations).
/// </summary>
[MemoryDiagnoser]
public class SignBenchmark
{
    private readonly byte[] _message = new byte[32];
    private EngineBench _bench = null!;

    [GlobalSetup]
    public void Setup() => _bench = new EngineBench();

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] RawPkcs11()
    {
        using var mechanism = _bench.Factories.MechanismFactory.Create(CKM.CKM_ECDSA);
        return _bench.Session.Sign(mechanism, _bench.EcPrivateKey, SHA256.HashData(_message));
    }

    [Benchmark]
    public Task<SignResponse> Engine() =>
        _bench.Kms.SignAsync(new SignRequest
        {
            KeyId = _bench.SigningKeyArn,
            Message = new MemoryStream(_message),
            MessageType = MessageType.RAW,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        });
}
