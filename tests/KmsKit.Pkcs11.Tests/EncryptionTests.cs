using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class EncryptionTests(EngineFixture fixture)
{
    private static readonly Dictionary<string, string> Context = new() { ["purpose"] = "test", ["tenant"] = "42" };

    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task Encrypt_then_decrypt_returns_the_plaintext_and_the_key()
    {
        var key = await Create(_kms);
        var encrypted = await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text("hello"), EncryptionContext = Context });
        Assert.Equal(key.Arn, encrypted.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, encrypted.EncryptionAlgorithm);

        var reordered = new Dictionary<string, string> { ["tenant"] = "42", ["purpose"] = "test" };
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = reordered });
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(key.Arn, decrypted.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, decrypted.EncryptionAlgorithm);
    }

    [Fact]
    public async Task Every_kind_of_key_id_encrypts()
    {
        var key = await Create(_kms);
        var alias = "alias/every-kind-" + Guid.NewGuid().ToString("N");
        await _kms.CreateAliasAsync(alias, key.KeyId);
        foreach (var id in new[] { key.KeyId, key.Arn, alias, $"arn:aws:kms:us-east-1:111122223333:{alias}" })
        {
            var encrypted = await _kms.EncryptAsync(new EncryptRequest { KeyId = id, Plaintext = Bytes(1, 2, 3) });
            Assert.Equal(key.Arn, encrypted.KeyId);
        }
    }

    [Fact]
    public async Task Any_change_to_blob_or_context_gives_InvalidCiphertext()
    {
        var key = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text("secret"), EncryptionContext = Context }))
            .CiphertextBlob.ToArray();

        // Format version, key id, material version, IV, ciphertext and tag: flip one bit in each.
        foreach (var index in new[] { 0, 5, 19, 25, blob.Length - 20, blob.Length - 1 })
        {
            var tampered = (byte[])blob.Clone();
            tampered[index] ^= 0x01;
            await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
                () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(tampered), EncryptionContext = Context }));
        }

        await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
        await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), EncryptionContext = new() { ["purpose"] = "test", ["tenant"] = "43" } }));
        await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob[..^1]), EncryptionContext = Context }));
    }

    [Fact]
    public async Task Decrypt_with_another_key_id_gives_IncorrectKey()
    {
        var key = await Create(_kms);
        var other = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(7) })).CiphertextBlob;

        await KmsAssert.Throws<IncorrectKeyException>("The key ID in the request does not identify a CMK that can perform this operation.",
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = other.KeyId }));
    }

    [Fact]
    public async Task Key_states_block_encryption_with_AWS_errors()
    {
        var key = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).CiphertextBlob.ToArray();

        await _kms.DisableKeyAsync(key.KeyId);
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }));

        await _kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.",
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
    }

    [Fact]
    public async Task Encrypt_validates_plaintext_and_key_usage()
    {
        var key = await Create(_kms);
        await KmsAssert.Validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[4097]) }));
        await KmsAssert.Validation("1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId }));

        var signing = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Throws<InvalidKeyUsageException>($"{signing.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = signing.KeyId, Plaintext = Bytes(1) }));
    }

    [Fact]
    public async Task DryRun_checks_everything_and_does_nothing()
    {
        var key = await Create(_kms);
        await KmsAssert.Throws<DryRunOperationException>("The request would have succeeded, but the DryRun option is set.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), DryRun = true }));
    }

    [Fact]
    public async Task ReEncrypt_moves_ciphertext_to_another_key_and_context()
    {
        var source = await Create(_kms);
        var destination = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = source.KeyId, Plaintext = Text("moving"), EncryptionContext = Context })).CiphertextBlob;

        var moved = await _kms.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = blob,
            SourceEncryptionContext = Context,
            DestinationKeyId = destination.KeyId,
            DestinationEncryptionContext = new() { ["new"] = "context" },
        });
        Assert.Equal(destination.Arn, moved.KeyId);
        Assert.Equal(source.Arn, moved.SourceKeyId);

        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = moved.CiphertextBlob, EncryptionContext = new() { ["new"] = "context" } });
        Assert.Equal("moving", System.Text.Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(destination.Arn, decrypted.KeyId);
    }

    [Fact]
    public async Task GenerateDataKey_returns_a_key_and_its_ciphertext()
    {
        var key = await Create(_kms);
        var dataKey = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = Context });
        Assert.Equal(32, dataKey.Plaintext.Length);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob, EncryptionContext = Context });
        Assert.Equal(dataKey.Plaintext.ToArray(), decrypted.Plaintext.ToArray());

        var small = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_128 });
        Assert.Equal(16, small.Plaintext.Length);
        var sized = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 64 });
        Assert.Equal(64, sized.Plaintext.Length);

        var withoutPlaintext = await _kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 });
        Assert.Equal(32, (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = withoutPlaintext.CiphertextBlob })).Plaintext.Length);
    }

    [Fact]
    public async Task GenerateDataKey_needs_exactly_one_size_and_a_symmetric_key()
    {
        var key = await Create(_kms);
        await KmsAssert.Validation("Please specify either number of bytes or key spec.",
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId }));
        await KmsAssert.Validation("Please specify either number of bytes or key spec.",
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, NumberOfBytes = 32 }));
        var tooMany = 1025;
        await KmsAssert.Validation("1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = tooMany }));
    }

    [Fact]
    public async Task GenerateRandom_returns_bytes_and_validates_as_AWS()
    {
        foreach (var count in new[] { 1, 44, 1024 })
        {
            Assert.Equal(count, (await _kms.GenerateRandomAsync(count)).Plaintext.Length);
        }

        var a = (await _kms.GenerateRandomAsync(32)).Plaintext.ToArray();
        var b = (await _kms.GenerateRandomAsync(32)).Plaintext.ToArray();
        Assert.NotEqual(a, b);

        await KmsAssert.Validation("NumberOfBytes is required.", () => _kms.GenerateRandomAsync(new GenerateRandomRequest()));
        int[] outOfRange = [0, 1025];
        await KmsAssert.Validation("1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
            () => _kms.GenerateRandomAsync(outOfRange[0]));
        await KmsAssert.Validation("1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
            () => _kms.GenerateRandomAsync(outOfRange[1]));
    }
}
