using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class EncryptionTests(ServerFixture fixture) : IDisposable
{
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme", ["purpose"] = "orders" };
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    [Fact]
    public async Task EncryptAndDecryptWithEncryptionContext()
    {
        var key = await NewKey();
        var plaintext = RandomNumberGenerator.GetBytes(100);

        var encrypted = await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(plaintext), EncryptionContext = Context });
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = Context });

        Assert.Equal(key.Arn, encrypted.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, encrypted.EncryptionAlgorithm);
        Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
        Assert.Equal(key.Arn, decrypted.KeyId);
    }

    [Fact]
    public async Task AnotherContextOrATamperedBlobIsInvalidCiphertext()
    {
        var key = await NewKey();
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([7]), EncryptionContext = Context })).CiphertextBlob.ToArray();

        await KmsAssert.Throws<InvalidCiphertextException>(null, () => _kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(blob),
            EncryptionContext = new Dictionary<string, string> { ["tenant"] = "other" },
        }));
        blob[^1] ^= 1;
        await KmsAssert.Throws<InvalidCiphertextException>(null, () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), EncryptionContext = Context }));
    }

    [Fact]
    public async Task ReEncryptMovesCiphertextToAnotherKey()
    {
        var source = await NewKey();
        var destination = await NewKey();
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = source.KeyId, Plaintext = new MemoryStream([1, 2, 3]), EncryptionContext = Context })).CiphertextBlob;

        var reEncrypted = await _kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = blob,
            SourceEncryptionContext = Context,
            DestinationKeyId = destination.KeyId,
            DestinationEncryptionContext = new Dictionary<string, string> { ["stage"] = "archive" },
        });

        Assert.Equal(source.Arn, reEncrypted.SourceKeyId);
        Assert.Equal(destination.Arn, reEncrypted.KeyId);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = reEncrypted.CiphertextBlob,
            EncryptionContext = new Dictionary<string, string> { ["stage"] = "archive" },
        });
        Assert.Equal(destination.Arn, decrypted.KeyId);
        Assert.Equal(new byte[] { 1, 2, 3 }, decrypted.Plaintext.ToArray());
    }

    [Fact]
    public async Task DataKeysDecryptToTheirPlaintext()
    {
        var key = await NewKey();

        var dataKey = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = Context });
        var withoutPlaintext = await _kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, NumberOfBytes = 16 });

        Assert.Equal(32, dataKey.Plaintext.Length);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob, EncryptionContext = Context });
        Assert.Equal(dataKey.Plaintext.ToArray(), decrypted.Plaintext.ToArray());
        Assert.Equal(16, (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = withoutPlaintext.CiphertextBlob })).Plaintext.Length);
    }

    [Fact]
    public async Task DataKeyPairsMatchTheirPublicKey()
    {
        var key = await NewKey();

        var pair = await _kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = key.KeyId, KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 });
        var withoutPlaintext = await _kms.GenerateDataKeyPairWithoutPlaintextAsync(new GenerateDataKeyPairWithoutPlaintextRequest
        {
            KeyId = key.KeyId,
            KeyPairSpec = DataKeyPairSpec.RSA_2048,
        });

        using var privateKey = ECDsa.Create();
        privateKey.ImportPkcs8PrivateKey(pair.PrivateKeyPlaintext.ToArray(), out _);
        Assert.Equal(pair.PublicKey.ToArray(), privateKey.ExportSubjectPublicKeyInfo());
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = pair.PrivateKeyCiphertextBlob });
        Assert.Equal(pair.PrivateKeyPlaintext.ToArray(), decrypted.Plaintext.ToArray());
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(withoutPlaintext.PublicKey.ToArray(), out _);
        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal(DataKeyPairSpec.RSA_2048, withoutPlaintext.KeyPairSpec);
    }

    [Fact]
    public async Task GenerateRandomReturnsTheBytesAsked()
    {
        var random = await _kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 64 });

        Assert.Equal(64, random.Plaintext.Length);
        Assert.NotEqual(new byte[64], random.Plaintext.ToArray());
    }

    [Fact]
    public async Task RsaKeysEncryptWithOaep()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.ENCRYPT_DECRYPT })).KeyMetadata;
        var publicKey = await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId });
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey.PublicKey.ToArray(), out _);

        var blob = rsa.Encrypt([4, 5, 6], RSAEncryptionPadding.OaepSHA256);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest
        {
            KeyId = key.KeyId,
            CiphertextBlob = new MemoryStream(blob),
            EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
        });

        Assert.Equal(new byte[] { 4, 5, 6 }, decrypted.Plaintext.ToArray());
        Assert.Contains(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256.Value, publicKey.EncryptionAlgorithms);
    }

    public void Dispose() => _kms.Dispose();

    private async Task<KeyMetadata> NewKey() => (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
}
