using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>The key state table beyond encryption: which operations accept disabled keys and keys pending deletion.</summary>
[Collection(EngineCollection.Name)]
public sealed class KeyStateTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task Disabled_keys_can_be_described_tagged_aliased_and_give_their_public_key_but_not_sign()
    {
        var key = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await _kms.DisableKeyAsync(key.KeyId);

        Assert.Equal(KeyState.Disabled, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
        await _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "a", TagValue = "b" }] });
        await _kms.CreateAliasAsync("alias/disabled-" + Guid.NewGuid().ToString("N"), key.KeyId);
        await _kms.UpdateKeyDescriptionAsync(key.KeyId, "still editable");
        Assert.NotEmpty((await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId })).PublicKey.ToArray());
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.VerifyAsync(new VerifyRequest { KeyId = key.KeyId, Message = Bytes(1), Signature = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
        await KmsAssert.Throws<DisabledException>($"{key.Arn} is disabled.",
            () => _kms.EnableKeyRotationAsync(key.KeyId));
    }

    [Fact]
    public async Task Keys_pending_deletion_refuse_changes_but_can_be_described()
    {
        var key = await Create(_kms, "HMAC_256", "GENERATE_VERIFY_MAC");
        await _kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        var message = $"{key.Arn} is pending deletion.";

        Assert.Equal(KeyState.PendingDeletion, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
        await KmsAssert.Throws<KMSInvalidStateException>(message, () => _kms.DisableKeyAsync(key.KeyId));
        await KmsAssert.Throws<KMSInvalidStateException>(message, () => _kms.UpdateKeyDescriptionAsync(key.KeyId, "x"));
        await KmsAssert.Throws<KMSInvalidStateException>(message,
            () => _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "a", TagValue = "b" }] }));
        await KmsAssert.Throws<KMSInvalidStateException>(message,
            () => _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = Bytes(1), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }));
        Assert.Empty((await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags);
    }

    [Fact]
    public async Task DryRun_answers_after_the_checks_of_each_operation()
    {
        const string WouldSucceed = "The request would have succeeded, but the DryRun option is set.";
        var symmetric = await Create(_kms);
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = symmetric.KeyId, Plaintext = Bytes(1) })).CiphertextBlob.ToArray();
        await KmsAssert.Throws<DryRunOperationException>(WouldSucceed,
            () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), DryRun = true }));
        await KmsAssert.Throws<DryRunOperationException>(WouldSucceed,
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = symmetric.KeyId, KeySpec = DataKeySpec.AES_256, DryRun = true }));

        var signing = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Throws<DryRunOperationException>(WouldSucceed,
            () => _kms.SignAsync(new SignRequest { KeyId = signing.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256, DryRun = true }));

        // A request that would fail reports its failure, not the dry run.
        await _kms.DisableKeyAsync(signing.KeyId);
        await KmsAssert.Throws<DisabledException>($"{signing.Arn} is disabled.",
            () => _kms.SignAsync(new SignRequest { KeyId = signing.KeyId, Message = Bytes(1), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256, DryRun = true }));
        Assert.Null((await _kms.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = signing.KeyId })).KeyLastUsage);
    }

    [Fact]
    public async Task UpdateAlias_keeps_an_alias_on_keys_of_one_type()
    {
        var symmetric = await Create(_kms);
        var signing = await Create(_kms, "RSA_2048", "SIGN_VERIFY");
        var alias = "alias/typed-" + Guid.NewGuid().ToString("N");
        await _kms.CreateAliasAsync(alias, symmetric.KeyId);

        await KmsAssert.Validation($"{signing.Arn} has a different key spec or key usage than the key the alias currently refers to.",
            () => _kms.UpdateAliasAsync(alias, signing.KeyId));
    }
}
