using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class DeletionTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task ScheduleKeyDeletion_defaults_to_30_days_and_cancel_leaves_the_key_disabled()
    {
        var key = await Create(_kms);
        var scheduled = await _kms.ScheduleKeyDeletionAsync(key.KeyId);
        Assert.Equal(30, scheduled.PendingWindowInDays);
        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.Equal(key.Arn, scheduled.KeyId);
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(30).UtcDateTime, scheduled.DeletionDate!.Value, TimeSpan.FromSeconds(1));

        var described = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata;
        Assert.Equal(KeyState.PendingDeletion, described.KeyState);
        Assert.Equal(30, described.PendingDeletionWindowInDays);
        Assert.False(described.Enabled);
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.", () => _kms.ScheduleKeyDeletionAsync(key.KeyId));
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.", () => _kms.EnableKeyAsync(key.KeyId));

        var cancelled = await _kms.CancelKeyDeletionAsync(key.KeyId);
        Assert.Equal(key.Arn, cancelled.KeyId);
        var afterCancel = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata;
        Assert.Equal(KeyState.Disabled, afterCancel.KeyState);
        Assert.Null(afterCancel.DeletionDate);
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is not pending deletion.", () => _kms.CancelKeyDeletionAsync(key.KeyId));
    }

    [Fact]
    public async Task ScheduleKeyDeletion_accepts_7_to_30_days()
    {
        var key = await Create(_kms);
        int[] outOfRange = [6, 31];
        await KmsAssert.Validation("1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
            () => _kms.ScheduleKeyDeletionAsync(key.KeyId, outOfRange[0]));
        await KmsAssert.Validation("1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30",
            () => _kms.ScheduleKeyDeletionAsync(key.KeyId, outOfRange[1]));
    }

    [Fact]
    public async Task When_the_window_ends_the_material_is_destroyed_in_the_HSM()
    {
        var key = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1, 2) })).CiphertextBlob.ToArray();
        await _kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        Assert.Equal(1, TokenInspector.ObjectCount(key.KeyId));

        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        await KmsAssert.Throws<NotFoundException>($"Key '{key.Arn}' does not exist", () => _kms.DescribeKeyAsync(key.KeyId));
        Assert.Equal(0, TokenInspector.ObjectCount(key.KeyId));
        await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
    }

    [Fact]
    public async Task A_key_pair_is_destroyed_whole_at_the_end_of_the_window()
    {
        var key = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        Assert.Equal(2, TokenInspector.ObjectCount(key.KeyId));
        await _kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        fixture.Time.Advance(TimeSpan.FromDays(8));

        // Listing is an access too: due deletions happen on the way.
        var listed = await _kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 });
        Assert.DoesNotContain(listed.Keys, k => k.KeyId == key.KeyId);
        Assert.Equal(0, TokenInspector.ObjectCount(key.KeyId));
    }

    [Fact]
    public async Task Opening_the_engine_destroys_keys_whose_window_ended()
    {
        var key = await Create(_kms);
        await _kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(fixture.Time.GetUtcNow().AddDays(10));

        using (fixture.Open(later))
        {
            Assert.Equal(0, TokenInspector.ObjectCount(key.KeyId));
        }

        await KmsAssert.Throws<NotFoundException>($"Key '{key.Arn}' does not exist", () => _kms.DescribeKeyAsync(key.KeyId));
    }
}
