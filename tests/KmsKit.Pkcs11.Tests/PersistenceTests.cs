using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class PersistenceTests(EngineFixture fixture)
{
    [Fact]
    public async Task A_new_engine_on_the_same_folder_sees_keys_aliases_tags_and_decrypts()
    {
        var kms = fixture.Kms;
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "persisted", Tags = [new Tag { TagKey = "t", TagValue = "v" }] })).KeyMetadata;
        var alias = "alias/persisted-" + Guid.NewGuid().ToString("N");
        await kms.CreateAliasAsync(alias, key.KeyId);
        await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });
        var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = Text("kept") })).CiphertextBlob.ToArray();
        var signing = await Create(kms, "ECC_NIST_P256", "SIGN_VERIFY");
        var publicKey = (await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = signing.KeyId })).PublicKey.ToArray();

        using var reopened = fixture.Open(fixture.Time);
        var described = (await reopened.DescribeKeyAsync(alias)).KeyMetadata;
        Assert.Equal(key.KeyId, described.KeyId);
        Assert.Equal("persisted", described.Description);
        Assert.Equal("v", Assert.Single((await reopened.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags).TagValue);
        Assert.Single((await reopened.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations);
        var decrypted = await reopened.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) });
        Assert.Equal("kept", System.Text.Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(publicKey, (await reopened.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = signing.KeyId })).PublicKey.ToArray());
    }
}
