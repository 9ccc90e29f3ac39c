using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class KeyUsageTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task GetKeyLastUsage_reports_the_last_successful_cryptographic_operation()
    {
        var key = await Create(_kms);
        var unused = await _kms.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = key.KeyId });
        Assert.Equal(key.KeyId, unused.KeyId);
        Assert.Null(unused.KeyLastUsage);
        Assert.Equal(key.CreationDate, unused.KeyCreationDate);
        Assert.Equal(key.CreationDate, unused.TrackingStartDate);

        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).CiphertextBlob;
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob });
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = Bytes(1, 2, 3) }));

        var used = (await _kms.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = key.Arn })).KeyLastUsage;
        Assert.Equal(KeyLastUsageTrackingOperation.Decrypt, used.Operation);
        Assert.Equal(fixture.Time.GetUtcNow().UtcDateTime, used.Timestamp!.Value, TimeSpan.FromMilliseconds(1));
        Assert.True(Guid.TryParse(used.KmsRequestId, out _));
        // One use has one request id, however often it is read.
        Assert.Equal(used.KmsRequestId, (await _kms.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = key.KeyId })).KeyLastUsage.KmsRequestId);

        // Another engine sees it through the store (written at the first use and on close).
        using (var other = fixture.Open(fixture.Time))
        {
            Assert.NotNull((await other.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = key.KeyId })).KeyLastUsage);
        }
    }
}
