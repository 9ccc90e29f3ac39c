using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// Engines that share a store see each other's changes at their next request, although each keeps the key and
/// alias records it uses in memory (the store's change counter invalidates them).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class EngineInstancesTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task A_key_disabled_enabled_or_realiased_by_another_engine_is_seen_at_the_next_request()
    {
        var key = await Create(_kms);
        var other = await Create(_kms);
        var alias = "alias/instances-" + Guid.NewGuid().ToString("N");
        await _kms.CreateAliasAsync(alias, key.KeyId);
        // Used here first, so that this engine holds the records in memory.
        Assert.Equal(key.Arn, (await _kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = Bytes(1) })).KeyId);

        using (var second = fixture.Open(fixture.Time))
        {
            await second.DisableKeyAsync(key.KeyId);
            await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
                () => _kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = Bytes(1) }));

            await second.EnableKeyAsync(key.KeyId);
            Assert.Equal(key.Arn, (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).KeyId);

            await second.UpdateAliasAsync(alias, other.KeyId);
            Assert.Equal(other.Arn, (await _kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = Bytes(1) })).KeyId);
        }
    }

    [Fact]
    public async Task A_rotation_by_another_engine_encrypts_under_the_new_version_here()
    {
        var key = await Create(_kms);
        var before = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).CiphertextBlob.ToArray();

        using (var second = fixture.Open(fixture.Time))
        {
            await second.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId });
        }

        var after = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).CiphertextBlob.ToArray();
        // The blob header carries the material version (big-endian, bytes 17-20).
        Assert.Equal(1, before[20]);
        Assert.Equal(2, after[20]);
    }

    [Fact]
    public void Disposing_an_engine_twice_does_nothing_the_second_time()
    {
        var engine = fixture.Open(fixture.Time);
        engine.Dispose();
        engine.Dispose();
    }
}
