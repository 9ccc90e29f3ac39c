using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class RotationAndRegionTests(ServerFixture fixture) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    [Fact]
    public async Task RotationKeepsOldCiphertextDecryptable()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var before = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([9]) })).CiphertextBlob;

        await _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 });
        var status = await _kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId });
        await _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });
        var rotations = await _kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId });

        Assert.True(status.KeyRotationEnabled);
        Assert.Equal(90, status.RotationPeriodInDays);
        Assert.InRange(status.NextRotationDate!.Value, DateTime.UtcNow.AddDays(89), DateTime.UtcNow.AddDays(91));
        var rotation = Assert.Single(rotations.Rotations);
        Assert.Equal(RotationType.ON_DEMAND, rotation.RotationType);
        Assert.NotEqual(key.CurrentKeyMaterialId, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.CurrentKeyMaterialId);
        Assert.Equal(new byte[] { 9 }, (await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = before })).Plaintext.ToArray());

        await _kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId });
        Assert.False((await _kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId })).KeyRotationEnabled);
    }

    [Fact]
    public async Task EachRegionHasItsOwnKeys()
    {
        using var west = fixture.Server.Client("us-west-2");
        var key = (await west.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        Assert.StartsWith("arn:aws:kms:us-west-2:111122223333:key/", key.Arn);
        Assert.Contains((await west.ListKeysAsync(new ListKeysRequest())).Keys, k => k.KeyId == key.KeyId);
        Assert.DoesNotContain((await _kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 })).Keys, k => k.KeyId == key.KeyId);
        await KmsAssert.Throws<NotFoundException>(
            $"Key 'arn:aws:kms:us-east-1:111122223333:key/{key.KeyId}' does not exist",
            () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task OperationsTheEngineLacksAnswerUnsupported()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        await KmsAssert.ThrowsCode("UnsupportedOperationException", () => _kms.ReplicateKeyAsync(new ReplicateKeyRequest
        {
            KeyId = key.KeyId,
            ReplicaRegion = "us-west-2",
        }));
        await KmsAssert.Throws<UnsupportedOperationException>(
            "Multi-Region keys are not supported by the PKCS#11 engine.", () => _kms.CreateKeyAsync(new CreateKeyRequest { MultiRegion = true }));
    }

    public void Dispose() => _kms.Dispose();
}
