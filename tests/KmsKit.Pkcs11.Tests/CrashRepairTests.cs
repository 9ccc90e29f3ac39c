using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// A crash between a metadata write and the HSM write it announces leaves an unfinished row; opening an
/// engine later finishes the job: the material is destroyed and nothing half-made stays visible.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class CrashRepairTests(EngineFixture fixture)
{
    [Fact]
    public async Task An_interrupted_creation_and_an_interrupted_rotation_are_undone_on_open()
    {
        var rotated = await KeyFactory.Create(fixture.Kms);
        var crashedAt = fixture.Time.GetUtcNow();
        var newKeyId = Guid.NewGuid().ToString("D");
        var firstMaterial = new KeyMaterialRecord(newKeyId, 1, KeyMaterials.NewMaterialId(), crashedAt, null, Ready: false);
        var rotationMaterial = new KeyMaterialRecord(rotated.KeyId, 2, KeyMaterials.NewMaterialId(), crashedAt, "ON_DEMAND", Ready: false);

        using (var store = new SqliteKeyStore(Path.Combine(fixture.Folder, "kms.db"), "111122223333"))
        using (var token = Pkcs11Token.Open(new TokenOptions(SoftHsmConfiguration.DefaultModulePath, "kmskit", File.ReadAllText(Path.Combine(fixture.Folder, "token.pin")), null)))
        {
            store.BeginCreateKey(
                new KeyRecord(newKeyId, "111122223333", "us-east-1", string.Empty, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "AWS_KMS", KeyStates.Creating, crashedAt,
                    null, null, false, null, null, 1, 0),
                firstMaterial);
            token.GenerateAes256(KeyMaterials.TokenId(firstMaterial.MaterialId), $"kmskit:{newKeyId}:1");
            store.BeginAddMaterial(rotationMaterial);
            token.GenerateAes256(KeyMaterials.TokenId(rotationMaterial.MaterialId), $"kmskit:{rotated.KeyId}:2");
        }

        Assert.Equal(1, TokenInspector.ObjectCount(newKeyId));
        Assert.Equal(1, TokenInspector.ObjectCount(rotated.KeyId, 2));
        await KmsAssert.Throws<Amazon.KeyManagementService.Model.NotFoundException>(
            $"Key 'arn:aws:kms:us-east-1:111122223333:key/{newKeyId}' does not exist", () => fixture.Kms.DescribeKeyAsync(newKeyId));

        // Rows younger than the repair age may belong to a live engine: only later ones are undone.
        using (fixture.Open(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(crashedAt.AddMinutes(1))))
        {
            Assert.Equal(1, TokenInspector.ObjectCount(newKeyId));
        }

        using (fixture.Open(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(crashedAt.AddMinutes(11))))
        {
            Assert.Equal(0, TokenInspector.ObjectCount(newKeyId));
            Assert.Equal(0, TokenInspector.ObjectCount(rotated.KeyId, 2));
        }

        var described = (await fixture.Kms.DescribeKeyAsync(rotated.KeyId)).KeyMetadata;
        Assert.Equal(Amazon.KeyManagementService.KeyState.Enabled, described.KeyState);
        await fixture.Kms.RotateKeyOnDemandAsync(new Amazon.KeyManagementService.Model.RotateKeyOnDemandRequest { KeyId = rotated.KeyId });
        Assert.Equal(1, TokenInspector.ObjectCount(rotated.KeyId, 2));
    }
}
