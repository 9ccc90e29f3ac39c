using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Hsm;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// Objects no metadata names (a crash's litter, including objects with no CKA_ID that no search by id finds) are
/// destroyed when an engine opens: all of them in the engine's own token, only labelled ones of known keys in a
/// user's token. Real keys, and objects of a key with an import under way, stay.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class OrphanSweepTests(EngineFixture fixture)
{
    [Fact]
    public async Task Opening_the_embedded_engine_destroys_every_unnamed_object_and_keeps_every_real_key()
    {
        var symmetric = await KeyFactory.Create(fixture.Kms);
        var rsa = await KeyFactory.Create(fixture.Kms, KeySpec.RSA_2048.Value, KeyUsageType.ENCRYPT_DECRYPT.Value);
        var ecc = await KeyFactory.Create(fixture.Kms, KeySpec.ECC_NIST_P256.Value, KeyUsageType.SIGN_VERIFY.Value);
        var hmac = await KeyFactory.Create(fixture.Kms, KeySpec.HMAC_256.Value, KeyUsageType.GENERATE_VERIFY_MAC.Value);
        var importing = (await fixture.Kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        await fixture.Kms.GetParametersForImportAsync(new GetParametersForImportRequest
        {
            KeyId = importing.KeyId,
            WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
            WrappingKeySpec = WrappingKeySpec.RSA_2048,
        });

        var noId = TokenInspector.CreateAes(id: null, label: null);
        var unnamedId = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), label: null);
        var unknownKey = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), $"kmskit:{Guid.NewGuid():D}:1");
        var knownKeyNoRow = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), $"kmskit:{symmetric.KeyId}:7");
        // A scratch copy has no row: while the key's import parameters live, an import may be using it.
        var scratch = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), $"kmskit:{importing.KeyId}:scratch");

        using (var reopened = fixture.Open(fixture.Time))
        {
            Assert.False(TokenInspector.Exists(noId));
            Assert.False(TokenInspector.Exists(unnamedId));
            Assert.False(TokenInspector.Exists(unknownKey));
            Assert.False(TokenInspector.Exists(knownKeyNoRow));
            Assert.True(TokenInspector.Exists(scratch));
            Assert.Equal(2, TokenInspector.LabelledObjectCount($"kmskit:{importing.KeyId}:import"));

            await AssertEncryptsAndDecrypts(reopened, symmetric.KeyId, EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
            await AssertEncryptsAndDecrypts(reopened, rsa.KeyId, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
            var message = KeyFactory.Text("signed");
            var signature = (await reopened.SignAsync(new SignRequest
            {
                KeyId = ecc.KeyId,
                Message = message,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            })).Signature;
            Assert.True((await reopened.VerifyAsync(new VerifyRequest
            {
                KeyId = ecc.KeyId,
                Message = KeyFactory.Text("signed"),
                Signature = signature,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            })).SignatureValid);
            var mac = (await reopened.GenerateMacAsync(new GenerateMacRequest
            {
                KeyId = hmac.KeyId,
                Message = KeyFactory.Text("mac"),
                MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
            })).Mac;
            Assert.True((await reopened.VerifyMacAsync(new VerifyMacRequest
            {
                KeyId = hmac.KeyId,
                Message = KeyFactory.Text("mac"),
                Mac = mac,
                MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
            })).MacValid);
        }

        TokenInspector.Destroy(scratch);
    }

    [Fact]
    public async Task Opening_on_a_user_token_destroys_only_unnamed_objects_labelled_with_a_key_the_store_knows()
    {
        var key = await KeyFactory.Create(fixture.Kms);
        var userUnnamed = TokenInspector.CreateAes(id: null, label: null);
        var userLabelled = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), "payroll-backup");
        // Another store's key on the same token: this store cannot tell it from litter, so it is not this store's to destroy.
        var otherStore = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), $"kmskit:{Guid.NewGuid():D}:1");
        var litter = TokenInspector.CreateAes(RandomNumberGenerator.GetBytes(32), $"kmskit:{key.KeyId}:2");

        using (var external = Pkcs11Kms.Open(new Pkcs11KmsOptions
        {
            ModulePath = SoftHsmConfiguration.DefaultModulePath,
            TokenLabel = "kmskit",
            Pin = File.ReadAllText(Path.Combine(fixture.Folder, "token.pin")),
            StorePath = Path.Combine(fixture.Folder, "kms.db"),
            TimeProvider = fixture.Time,
        }))
        {
            Assert.False(TokenInspector.Exists(litter));
            Assert.True(TokenInspector.Exists(userUnnamed));
            Assert.True(TokenInspector.Exists(userLabelled));
            Assert.True(TokenInspector.Exists(otherStore));
            await AssertEncryptsAndDecrypts(external, key.KeyId, EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        }

        foreach (var handle in new[] { userUnnamed, userLabelled, otherStore })
        {
            TokenInspector.Destroy(handle);
        }
    }

    private static async Task AssertEncryptsAndDecrypts(IAmazonKeyManagementService kms, string keyId, EncryptionAlgorithmSpec algorithm)
    {
        var ciphertext = (await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = KeyFactory.Bytes(1, 2, 3), EncryptionAlgorithm = algorithm }))
            .CiphertextBlob;
        var plaintext = (await kms.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = ciphertext, EncryptionAlgorithm = algorithm }))
            .Plaintext;
        Assert.Equal([1, 2, 3], plaintext.ToArray());
    }
}
