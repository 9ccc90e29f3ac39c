using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class RsaEncryptionTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Theory]
    [InlineData("RSAES_OAEP_SHA_1")]
    [InlineData("RSAES_OAEP_SHA_256")]
    public async Task Ciphertext_made_locally_with_the_public_key_decrypts(string algorithm)
    {
        var key = await Create(_kms, "RSA_2048", "ENCRYPT_DECRYPT");
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo((await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId })).PublicKey.ToArray(), out _);
        var padding = algorithm.EndsWith("_1") ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256;

        foreach (var length in new[] { 1, 32, algorithm.EndsWith("_1") ? 214 : 190 })
        {
            var plaintext = RandomNumberGenerator.GetBytes(length);
            var decrypted = await _kms.DecryptAsync(new DecryptRequest
            {
                KeyId = key.KeyId,
                CiphertextBlob = new MemoryStream(rsa.Encrypt(plaintext, padding)),
                EncryptionAlgorithm = algorithm,
            });
            Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
            Assert.Equal(algorithm, decrypted.EncryptionAlgorithm.Value);
        }

        var kmsCiphertext = await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(9, 8, 7), EncryptionAlgorithm = algorithm });
        var roundTrip = await _kms.DecryptAsync(new DecryptRequest { KeyId = key.KeyId, CiphertextBlob = kmsCiphertext.CiphertextBlob, EncryptionAlgorithm = algorithm });
        Assert.Equal([9, 8, 7], roundTrip.Plaintext.ToArray());
    }

    [Fact]
    public async Task Tampered_or_mismatched_RSA_ciphertext_gives_InvalidCiphertext()
    {
        var key = await Create(_kms, "RSA_2048", "ENCRYPT_DECRYPT");
        var ciphertext = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256 })).CiphertextBlob.ToArray();
        ciphertext[^1] ^= 1;
        foreach (var algorithm in new[] { EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1 })
        {
            await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
                () => _kms.DecryptAsync(new DecryptRequest { KeyId = key.KeyId, CiphertextBlob = new MemoryStream(ciphertext), EncryptionAlgorithm = algorithm }));
        }

        await KmsAssert.Throws<InvalidKeyUsageException>("Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
    }

    [Fact]
    public async Task Plaintext_limits_are_AWS_limits()
    {
        var rsa2048 = await Create(_kms, "RSA_2048", "ENCRYPT_DECRYPT");
        var rsa4096 = await Create(_kms, "RSA_4096", "ENCRYPT_DECRYPT");
        foreach (var (key, spec, algorithm, max) in new[]
        {
            (rsa2048, "RSA_2048", "RSAES_OAEP_SHA_1", 214), (rsa2048, "RSA_2048", "RSAES_OAEP_SHA_256", 190),
            (rsa4096, "RSA_4096", "RSAES_OAEP_SHA_1", 470), (rsa4096, "RSA_4096", "RSAES_OAEP_SHA_256", 446),
        })
        {
            await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[max]), EncryptionAlgorithm = algorithm });
            await KmsAssert.Validation($"Algorithm {algorithm} and key spec {spec} cannot encrypt data larger than {max} bytes.",
                () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[max + 1]), EncryptionAlgorithm = algorithm }));
        }
    }
}
