using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class KeyLifecycleTests(ServerFixture fixture) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    [Fact]
    public async Task CreateDescribeAndListKeys()
    {
        var created = await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "orders" });

        Assert.Equal(HttpStatusCode.OK, created.HttpStatusCode);
        var metadata = created.KeyMetadata;
        Assert.Equal($"arn:aws:kms:us-east-1:111122223333:key/{metadata.KeyId}", metadata.Arn);
        Assert.Equal(KeyState.Enabled, metadata.KeyState);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, metadata.KeySpec);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, metadata.KeyUsage);
        Assert.True(metadata.Enabled);
        Assert.Equal(["SYMMETRIC_DEFAULT"], metadata.EncryptionAlgorithms);
        Assert.InRange(metadata.CreationDate!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        var described = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = metadata.Arn });
        Assert.Equal("orders", described.KeyMetadata.Description);
        Assert.Equal(metadata.CreationDate, described.KeyMetadata.CreationDate);

        var listed = await _kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 });
        Assert.Contains(listed.Keys, key => key.KeyId == metadata.KeyId && key.KeyArn == metadata.Arn);
        Assert.False(listed.Truncated);
    }

    [Fact]
    public async Task DisabledKeysRefuseToEncryptUntilEnabled()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        await _kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId });

        Assert.Equal(KeyState.Disabled, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.KeyState);
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.", () => _kms.EncryptAsync(Plaintext(key.KeyId)));
        await _kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId });
        await _kms.EncryptAsync(Plaintext(key.KeyId));
    }

    [Fact]
    public async Task UpdateKeyDescription()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "before" })).KeyMetadata;

        await _kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.KeyId, Description = "after" });

        Assert.Equal("after", (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.Description);
    }

    [Fact]
    public async Task ScheduleAndCancelDeletion()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        var scheduled = await _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 });

        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.Equal(7, scheduled.PendingWindowInDays);
        Assert.InRange(scheduled.DeletionDate!.Value, DateTime.UtcNow.AddDays(6), DateTime.UtcNow.AddDays(8));
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.", () => _kms.EncryptAsync(Plaintext(key.KeyId)));

        var cancelled = await _kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId });

        Assert.Equal(key.Arn, cancelled.KeyId);
        Assert.Equal(KeyState.Disabled, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task UnknownKeysAreNotFound()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.Throws<NotFoundException>(
            $"Key 'arn:aws:kms:us-east-1:111122223333:key/{keyId}' does not exist",
            () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }));
        await KmsAssert.Throws<NotFoundException>(
            "Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.",
            () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/missing" }));
    }

    [Fact]
    public async Task ValidationErrorsArriveWithAwsWording()
    {
        var error = await KmsAssert.ThrowsCode("ValidationException",
            () => _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = Guid.NewGuid().ToString(), PendingWindowInDays = 3 }));

        Assert.Contains("pendingWindowInDays", error.Message);
    }

    public void Dispose() => _kms.Dispose();

    private static EncryptRequest Plaintext(string keyId) => new() { KeyId = keyId, Plaintext = new MemoryStream([1, 2, 3]) };
}
