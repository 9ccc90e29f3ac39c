using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// A rotation that a crash interrupted leaves an unfinished version row (and maybe its token object). The next
/// request that needs the key must neither spin on it nor report a rotation that did not happen; once the row's
/// lease has passed, that request rolls it back and rotates.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RotationRecoveryTests(EngineFixture fixture)
{
    /// <summary>Longer than the engine's lease on an unfinished write.</summary>
    private static readonly TimeSpan PastTheLease = TimeSpan.FromMinutes(2);

    /// <summary>Today's bug spins forever: a request that has not answered by then has hung.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(30);

    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task A_request_for_a_key_whose_automatic_rotation_crashed_a_moment_ago_answers_at_once_with_the_current_version()
    {
        var key = await Create(_kms);
        await _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 });
        fixture.Time.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        LeaveCrashedRotation(key.KeyId, "AUTOMATIC");

        var blob = await Promptly(() => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));

        Assert.Equal(1, Version(blob.CiphertextBlob));
        Assert.Empty((await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations);
    }

    [Fact]
    public async Task An_automatic_rotation_left_unfinished_by_a_crash_is_rolled_back_and_done_by_the_first_request_after_its_lease()
    {
        var key = await Create(_kms);
        await _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 });
        fixture.Time.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        var crashed = LeaveCrashedRotation(key.KeyId, "AUTOMATIC");
        fixture.Time.Advance(PastTheLease);

        var blob = await Promptly(() => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));

        Assert.Equal(2, Version(blob.CiphertextBlob));
        var rotation = Assert.Single((await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations);
        Assert.Equal(RotationType.AUTOMATIC, rotation.RotationType);
        Assert.NotEqual(crashed, rotation.KeyMaterialId);
        Assert.Equal(rotation.KeyMaterialId, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.CurrentKeyMaterialId);
        // The crashed rotation's token object is gone; only the new version's is left.
        Assert.Equal(1, TokenInspector.ObjectCount(key.KeyId, 2));
        Assert.True((await _kms.GetKeyRotationStatusAsync(key.KeyId)).NextRotationDate > fixture.Time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task RotateKeyOnDemand_reports_a_conflict_while_another_rotation_is_unfinished_and_rotates_once_its_lease_has_passed()
    {
        var key = await Create(_kms);
        var before = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.CurrentKeyMaterialId;
        var crashed = LeaveCrashedRotation(key.KeyId, "ON_DEMAND");

        // Within its lease the row may be a live engine's rotation: this one must not claim to have rotated.
        await Assert.ThrowsAsync<ConflictException>(
            () => Promptly(() => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId })));
        Assert.Equal(before, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.CurrentKeyMaterialId);
        Assert.Empty((await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations);

        fixture.Time.Advance(PastTheLease);
        await Promptly(() => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));

        var rotation = Assert.Single((await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations);
        Assert.Equal(RotationType.ON_DEMAND, rotation.RotationType);
        Assert.NotEqual(crashed, rotation.KeyMaterialId);
        Assert.Equal(rotation.KeyMaterialId, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.CurrentKeyMaterialId);
        var blob = await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) });
        Assert.Equal(2, Version(blob.CiphertextBlob));
        Assert.Equal(1, TokenInspector.ObjectCount(key.KeyId, 2));
    }

    /// <summary>
    /// What a crash between the two steps of a rotation leaves: the version-2 row, not ready, and its token object.
    /// Returns the crashed material's id.
    /// </summary>
    private string LeaveCrashedRotation(string keyId, string rotationType)
    {
        var material = new KeyMaterialRecord(keyId, 2, KeyMaterials.NewMaterialId(), fixture.Time.GetUtcNow(), rotationType, Ready: false);
        using var store = new SqliteKeyStore(Path.Combine(fixture.Folder, "kms.db"), "111122223333");
        using var token = Pkcs11Token.Open(new TokenOptions(SoftHsmConfiguration.DefaultModulePath, "kmskit", File.ReadAllText(Path.Combine(fixture.Folder, "token.pin")), null));
        store.BeginAddMaterial(material);
        token.GenerateAes256(KeyMaterials.TokenId(material.MaterialId), $"kmskit:{keyId}:2");
        return material.MaterialId;
    }

    /// <summary>Runs the request off the test's thread, so that a request that spins fails the test instead of hanging it.</summary>
    private static Task<T> Promptly<T>(Func<Task<T>> request) => Task.Run(request).WaitAsync(Prompt);

    /// <summary>The material version in a ciphertext blob's header (big-endian, bytes 17-20).</summary>
    private static int Version(MemoryStream blob) => blob.ToArray()[20];
}
