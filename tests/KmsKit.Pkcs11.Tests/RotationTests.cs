using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class RotationTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task Rotate_key_on_demand_answers_the_key_arn_whichever_id_it_was_given()
    {
        var key = await Create(_kms);

        var rotated = await _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });

        Assert.Equal(key.Arn, rotated.KeyId);
    }

    [Fact]
    public async Task Four_generations_of_material_all_decrypt()
    {
        var key = await Create(_kms);
        var ciphertexts = new List<(MemoryStream Blob, string Plaintext)>();
        var materialIds = new HashSet<string>();

        async Task EncryptGeneration(int generation)
        {
            var plaintext = $"generation {generation}";
            var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text(plaintext) })).CiphertextBlob;
            ciphertexts.Add((new MemoryStream(blob.ToArray()), plaintext));
            materialIds.Add((await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.CurrentKeyMaterialId);
        }

        await EncryptGeneration(1);
        await _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });
        await EncryptGeneration(2);
        await _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.Arn });
        await EncryptGeneration(3);

        // The third rotation is automatic: enable it, then let the period pass.
        await _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 });
        fixture.Time.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        await EncryptGeneration(4);

        Assert.Equal(4, materialIds.Count);
        foreach (var (blob, plaintext) in ciphertexts)
        {
            var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob });
            Assert.Equal(plaintext, System.Text.Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        }

        var rotations = (await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId })).Rotations;
        Assert.Equal([RotationType.ON_DEMAND, RotationType.ON_DEMAND, RotationType.AUTOMATIC], rotations.Select(r => r.RotationType));
        Assert.Equal(3, rotations.Select(r => r.KeyMaterialId).Distinct().Count());

        var status = await _kms.GetKeyRotationStatusAsync(key.KeyId);
        Assert.True(status.KeyRotationEnabled);
        Assert.Equal(90, status.RotationPeriodInDays);
        Assert.True(status.NextRotationDate > fixture.Time.GetUtcNow().UtcDateTime);
        for (var version = 1; version <= 4; version++)
        {
            Assert.Equal(1, TokenInspector.ObjectCount(key.KeyId, version));
        }
    }

    [Fact]
    public async Task Rotation_settings_are_validated_and_reported_as_AWS()
    {
        var key = await Create(_kms);
        var status = await _kms.GetKeyRotationStatusAsync(key.KeyId);
        Assert.False(status.KeyRotationEnabled);
        Assert.Null(status.NextRotationDate);

        await _kms.EnableKeyRotationAsync(key.KeyId);
        status = await _kms.GetKeyRotationStatusAsync(key.KeyId);
        Assert.Equal(365, status.RotationPeriodInDays);
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(365).UtcDateTime, status.NextRotationDate!.Value, TimeSpan.FromSeconds(1));

        await _kms.DisableKeyRotationAsync(key.KeyId);
        Assert.False((await _kms.GetKeyRotationStatusAsync(key.KeyId)).KeyRotationEnabled);

        int[] outOfRange = [89, 2561];
        await KmsAssert.Validation("1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
            () => _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = outOfRange[0] }));
        await KmsAssert.Validation("1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
            () => _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = outOfRange[1] }));
    }

    [Fact]
    public async Task RotateKeyOnDemand_errors_are_AWS_errors()
    {
        var signing = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Throws<UnsupportedOperationException>(string.Empty,
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = signing.KeyId }));

        var key = await Create(_kms);
        for (var i = 0; i < 10; i++)
        {
            await _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });
        }

        await KmsAssert.Throws<LimitExceededException>(
            $"The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {key.Arn}",
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));

        var page = await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId, Limit = 4 });
        Assert.Equal(4, page.Rotations.Count);
        Assert.True(page.Truncated);
        var rest = await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId, Marker = page.NextMarker });
        Assert.Equal(6, rest.Rotations.Count);

        await _kms.DisableKeyAsync(key.KeyId);
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));
        var missing = Guid.NewGuid().ToString();
        await KmsAssert.Throws<NotFoundException>($"Key 'arn:aws:kms:us-east-1:111122223333:key/{missing}' does not exist",
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = missing }));
    }
}
