using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class SigningAndMacTests(ServerFixture fixture) : IDisposable
{
    private static readonly byte[] Message = "pay 10 EUR to Bob"u8.ToArray();
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    [Fact]
    public async Task EcdsaSignaturesVerifyOnTheServerAndWithThePublicKey()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.ECC_NIST_P256, KeyUsage = KeyUsageType.SIGN_VERIFY })).KeyMetadata;

        var signed = await _kms.SignAsync(new SignRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream(Message),
            MessageType = MessageType.RAW,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        });
        var verified = await _kms.VerifyAsync(new VerifyRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream(Message),
            Signature = signed.Signature,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        });

        Assert.True(verified.SignatureValid);
        var publicKey = await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId });
        Assert.Equal(KeyUsageType.SIGN_VERIFY, publicKey.KeyUsage);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(publicKey.PublicKey.ToArray(), out _);
        Assert.True(ecdsa.VerifyData(Message, signed.Signature.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task AnotherMessageIsAnInvalidSignature()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.SIGN_VERIFY })).KeyMetadata;
        var signature = (await _kms.SignAsync(new SignRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream(Message),
            SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
        })).Signature;

        await KmsAssert.Throws<KMSInvalidSignatureException>(null, () => _kms.VerifyAsync(new VerifyRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream("pay 1000 EUR to Bob"u8.ToArray()),
            Signature = signature,
            SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
        }));
    }

    [Fact]
    public async Task SigningWithAnEncryptionKeyIsTheWrongUsage()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        await KmsAssert.Throws<InvalidKeyUsageException>(null, () => _kms.SignAsync(new SignRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream(Message),
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        }));
    }

    [Fact]
    public async Task MacsVerifyAndRejectOtherMessages()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.HMAC_256, KeyUsage = KeyUsageType.GENERATE_VERIFY_MAC })).KeyMetadata;

        var mac = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream(Message), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        var verified = await _kms.VerifyMacAsync(new VerifyMacRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream(Message),
            Mac = mac.Mac,
            MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
        });

        Assert.Equal(32, mac.Mac.Length);
        Assert.True(verified.MacValid);
        await KmsAssert.Throws<KMSInvalidMacException>(null, () => _kms.VerifyMacAsync(new VerifyMacRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream([0]),
            Mac = mac.Mac,
            MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
        }));
    }

    public void Dispose() => _kms.Dispose();
}
