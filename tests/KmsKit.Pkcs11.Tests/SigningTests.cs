using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class SigningTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Theory]
    [InlineData("ECC_NIST_P256", "ECDSA_SHA_256")]
    [InlineData("ECC_NIST_P384", "ECDSA_SHA_384")]
    [InlineData("ECC_NIST_P521", "ECDSA_SHA_512")]
    [InlineData("ECC_SECG_P256K1", "ECDSA_SHA_256")]
    public async Task ECDSA_signatures_are_DER_and_verify_with_dotnet(string spec, string algorithm)
    {
        var key = await Create(_kms, spec, "SIGN_VERIFY");
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo((await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId })).PublicKey.ToArray(), out _);
        var hash = new HashAlgorithmName("SHA" + algorithm[^3..]);

        // Several messages: P-521's r and s often have leading zeros, which DER must drop.
        for (var i = 0; i < 8; i++)
        {
            var message = RandomNumberGenerator.GetBytes(100 + i);
            var signature = (await _kms.SignAsync(new SignRequest { KeyId = key.KeyId, Message = new MemoryStream(message), SigningAlgorithm = algorithm })).Signature.ToArray();
            Assert.True(ecdsa.VerifyData(message, signature, hash, DSASignatureFormat.Rfc3279DerSequence));

            var verified = await _kms.VerifyAsync(new VerifyRequest { KeyId = key.KeyId, Message = new MemoryStream(message), Signature = new MemoryStream(signature), SigningAlgorithm = algorithm });
            Assert.True(verified.SignatureValid);
        }

        var digest = HashDigest(hash, [1, 2, 3]);
        var digestSignature = (await _kms.SignAsync(new SignRequest { KeyId = key.KeyId, Message = new MemoryStream(digest), MessageType = MessageType.DIGEST, SigningAlgorithm = algorithm })).Signature.ToArray();
        Assert.True(ecdsa.VerifyData(new byte[] { 1, 2, 3 }, digestSignature, hash, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData("RSASSA_PSS_SHA_256")]
    [InlineData("RSASSA_PSS_SHA_512")]
    [InlineData("RSASSA_PKCS1_V1_5_SHA_256")]
    [InlineData("RSASSA_PKCS1_V1_5_SHA_384")]
    public async Task RSA_signatures_verify_with_dotnet(string algorithm)
    {
        var key = await RsaSigningKey();
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo((await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId })).PublicKey.ToArray(), out _);
        var hash = new HashAlgorithmName("SHA" + algorithm[^3..]);
        var padding = algorithm.Contains("PSS") ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

        var message = RandomNumberGenerator.GetBytes(300);
        var signature = (await _kms.SignAsync(new SignRequest { KeyId = key.KeyId, Message = new MemoryStream(message), SigningAlgorithm = algorithm })).Signature.ToArray();
        Assert.True(rsa.VerifyData(message, signature, hash, padding));

        var verified = await _kms.VerifyAsync(new VerifyRequest { KeyId = key.KeyId, Message = new MemoryStream(message), Signature = new MemoryStream(signature), SigningAlgorithm = algorithm });
        Assert.True(verified.SignatureValid);
    }

    [Fact]
    public async Task Wrong_signatures_give_KMSInvalidSignature()
    {
        var key = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        var signature = (await _kms.SignAsync(new SignRequest { KeyId = key.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 })).Signature.ToArray();

        await KmsAssert.Throws<KMSInvalidSignatureException>(string.Empty,
            () => _kms.VerifyAsync(new VerifyRequest { KeyId = key.KeyId, Message = Bytes(2), Signature = new MemoryStream(signature), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
        await KmsAssert.Throws<KMSInvalidSignatureException>(string.Empty,
            () => _kms.VerifyAsync(new VerifyRequest { KeyId = key.KeyId, Message = Bytes(1), Signature = Bytes(1, 2, 3), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));

        var rsa = await RsaSigningKey();
        var rsaSignature = (await _kms.SignAsync(new SignRequest { KeyId = rsa.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256 })).Signature.ToArray();
        rsaSignature[10] ^= 1;
        await KmsAssert.Throws<KMSInvalidSignatureException>(string.Empty,
            () => _kms.VerifyAsync(new VerifyRequest { KeyId = rsa.KeyId, Message = Bytes(1), Signature = new MemoryStream(rsaSignature), SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256 }));
    }

    [Fact]
    public async Task Sign_validates_digests_algorithms_and_usage_as_AWS()
    {
        var ec = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Validation("Digest is invalid length for algorithm ECDSA_SHA_256.",
            () => _kms.SignAsync(new SignRequest { KeyId = ec.KeyId, Message = Bytes(1, 2), MessageType = MessageType.DIGEST, SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
        await KmsAssert.Throws<InvalidKeyUsageException>("Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.",
            () => _kms.SignAsync(new SignRequest { KeyId = ec.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_384 }));

        var rsa = await RsaSigningKey();
        await KmsAssert.Validation("Digest is invalid length for algorithm RSASSA_PSS_SHA_512.",
            () => _kms.SignAsync(new SignRequest { KeyId = rsa.KeyId, Message = new MemoryStream(new byte[32]), MessageType = MessageType.DIGEST, SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_512 }));

        var mac = await Create(_kms, "HMAC_256", "GENERATE_VERIFY_MAC");
        await KmsAssert.Throws<InvalidKeyUsageException>($"{mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.",
            () => _kms.SignAsync(new SignRequest { KeyId = mac.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
        var symmetric = await Create(_kms);
        await KmsAssert.Throws<InvalidKeyUsageException>($"{symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.",
            () => _kms.VerifyAsync(new VerifyRequest { KeyId = symmetric.KeyId, Message = Bytes(1), Signature = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));

        await _kms.DisableKeyAsync(ec.KeyId);
        await KmsAssert.Throws<DisabledException>($"{ec.Arn} is disabled.",
            () => _kms.SignAsync(new SignRequest { KeyId = ec.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
    }

    [Fact]
    public async Task GetPublicKey_describes_the_key_and_refuses_symmetric_keys()
    {
        var key = await Create(_kms, "ECC_NIST_P384", "SIGN_VERIFY");
        var response = await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.Arn });
        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(KeySpec.ECC_NIST_P384, response.KeySpec);
        Assert.Equal(KeyUsageType.SIGN_VERIFY, response.KeyUsage);
        Assert.Equal(["ECDSA_SHA_384"], response.SigningAlgorithms);

        var symmetric = await Create(_kms);
        await KmsAssert.Throws<UnsupportedOperationException>($"{symmetric.Arn} key spec is SYMMETRIC_DEFAULT which is not valid for GetPublicKey.",
            () => _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = symmetric.KeyId }));
    }

    private static byte[] HashDigest(HashAlgorithmName hash, byte[] message)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(message);
        return incremental.GetHashAndReset();
    }

    private Task<KeyMetadata> RsaSigningKey() => Create(_kms, "RSA_2048", "SIGN_VERIFY");
}
