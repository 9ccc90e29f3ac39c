using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class MacTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Theory]
    [InlineData("HMAC_224", "HMAC_SHA_224", 28)]
    [InlineData("HMAC_256", "HMAC_SHA_256", 32)]
    [InlineData("HMAC_384", "HMAC_SHA_384", 48)]
    [InlineData("HMAC_512", "HMAC_SHA_512", 64)]
    public async Task GenerateMac_is_deterministic_and_VerifyMac_accepts_it(string spec, string algorithm, int length)
    {
        var key = await Create(_kms, spec, "GENERATE_VERIFY_MAC");
        var first = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = Text("message"), MacAlgorithm = algorithm });
        var second = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = Text("message"), MacAlgorithm = algorithm });
        Assert.Equal(length, first.Mac.Length);
        Assert.Equal(first.Mac.ToArray(), second.Mac.ToArray());
        Assert.Equal(key.Arn, first.KeyId);

        var verified = await _kms.VerifyMacAsync(new VerifyMacRequest { KeyId = key.KeyId, Message = Text("message"), Mac = first.Mac, MacAlgorithm = algorithm });
        Assert.True(verified.MacValid);
        await KmsAssert.Throws<KMSInvalidMacException>(string.Empty,
            () => _kms.VerifyMacAsync(new VerifyMacRequest { KeyId = key.KeyId, Message = Text("other"), Mac = new MemoryStream(first.Mac.ToArray()), MacAlgorithm = algorithm }));
    }

    [Fact]
    public async Task Different_keys_give_different_macs()
    {
        var a = await Create(_kms, "HMAC_256", "GENERATE_VERIFY_MAC");
        var b = await Create(_kms, "HMAC_256", "GENERATE_VERIFY_MAC");
        var macA = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = a.KeyId, Message = Text("m"), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        var macB = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = b.KeyId, Message = Text("m"), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        Assert.NotEqual(macA.Mac.ToArray(), macB.Mac.ToArray());
    }

    [Fact]
    public async Task Mac_requests_are_validated_as_AWS()
    {
        var key = await Create(_kms, "HMAC_224", "GENERATE_VERIFY_MAC");
        await KmsAssert.Throws<InvalidKeyUsageException>("Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.",
            () => _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = Text("m"), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }));
        await KmsAssert.Validation("1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]",
            () => _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = Text("m"), MacAlgorithm = "INVALID" }));
        await KmsAssert.Validation("1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
            () => _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream(new byte[4097]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_224 }));

        var symmetric = await Create(_kms);
        await KmsAssert.Throws<InvalidKeyUsageException>($"{symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.",
            () => _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = symmetric.KeyId, Message = Text("m"), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }));
    }
}
