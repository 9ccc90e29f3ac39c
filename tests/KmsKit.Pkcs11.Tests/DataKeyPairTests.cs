using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class DataKeyPairTests(EngineFixture fixture)
{
    private static readonly Dictionary<string, string> Context = new() { ["pair"] = "yes" };

    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Theory]
    [InlineData("RSA_2048")]
    [InlineData("ECC_NIST_P256")]
    [InlineData("ECC_SECG_P256K1")]
    public async Task GenerateDataKeyPair_returns_a_matching_pair_and_its_encrypted_private_key(string spec)
    {
        var key = await Create(_kms);
        var pair = await _kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = key.KeyId, KeyPairSpec = spec, EncryptionContext = Context });
        Assert.Equal(key.Arn, pair.KeyId);
        Assert.Equal(spec, pair.KeyPairSpec.Value);

        AsymmetricAlgorithm privateKey = spec.StartsWith("RSA") ? RSA.Create() : ECDsa.Create();
        using (privateKey)
        {
            privateKey.ImportPkcs8PrivateKey(pair.PrivateKeyPlaintext.ToArray(), out _);
            Assert.Equal(pair.PublicKey.ToArray(), privateKey.ExportSubjectPublicKeyInfo());
        }

        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = pair.PrivateKeyCiphertextBlob, EncryptionContext = Context });
        Assert.Equal(pair.PrivateKeyPlaintext.ToArray(), decrypted.Plaintext.ToArray());

        var withoutPlaintext = await _kms.GenerateDataKeyPairWithoutPlaintextAsync(new GenerateDataKeyPairWithoutPlaintextRequest { KeyId = key.KeyId, KeyPairSpec = spec });
        var privateBytes = (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = withoutPlaintext.PrivateKeyCiphertextBlob })).Plaintext.ToArray();
        AsymmetricAlgorithm restored = spec.StartsWith("RSA") ? RSA.Create() : ECDsa.Create();
        using (restored)
        {
            restored.ImportPkcs8PrivateKey(privateBytes, out _);
            Assert.Equal(withoutPlaintext.PublicKey.ToArray(), restored.ExportSubjectPublicKeyInfo());
        }
    }

    [Fact]
    public async Task GenerateDataKeyPair_validates_the_spec_and_the_key()
    {
        var key = await Create(_kms);
        await KmsAssert.Throws<UnsupportedOperationException>("KeyPairSpec SM2 is not supported by the PKCS#11 engine.",
            () => _kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = key.KeyId, KeyPairSpec = DataKeyPairSpec.SM2 }));
        await KmsAssert.Validation("1 validation error detected: Value 'RSA_1024' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1]",
            () => _kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = key.KeyId, KeyPairSpec = "RSA_1024" }));

        var signing = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Throws<InvalidKeyUsageException>($"{signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.",
            () => _kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = signing.KeyId, KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 }));
    }
}
