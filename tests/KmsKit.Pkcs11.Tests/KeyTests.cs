using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class KeyTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task CreateKey_symmetric_default_describes_as_AWS()
    {
        var created = await Create(_kms, description: "test key 123");
        var described = (await _kms.DescribeKeyAsync(created.KeyId)).KeyMetadata;

        Assert.Equal("111122223333", described.AWSAccountId);
        Assert.Equal($"arn:aws:kms:us-east-1:111122223333:key/{created.KeyId}", described.Arn);
        Assert.Equal("test key 123", described.Description);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, described.KeySpec);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, described.KeyUsage);
        Assert.Equal(KeyState.Enabled, described.KeyState);
        Assert.True(described.Enabled);
        Assert.Equal(KeyManagerType.CUSTOMER, described.KeyManager);
        Assert.Equal(OriginType.AWS_KMS, described.Origin);
        Assert.False(described.MultiRegion);
        Assert.Equal(["SYMMETRIC_DEFAULT"], described.EncryptionAlgorithms);
        Assert.Null(described.SigningAlgorithms);
        Assert.Matches("^[0-9a-f]{64}$", described.CurrentKeyMaterialId);
        Assert.Equal(fixture.Time.GetUtcNow().UtcDateTime, described.CreationDate!.Value, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("RSA_2048", "SIGN_VERIFY")]
    [InlineData("RSA_2048", "ENCRYPT_DECRYPT")]
    [InlineData("ECC_NIST_P256", "SIGN_VERIFY")]
    [InlineData("ECC_NIST_P384", "KEY_AGREEMENT")]
    [InlineData("ECC_NIST_P521", "SIGN_VERIFY")]
    [InlineData("ECC_SECG_P256K1", "SIGN_VERIFY")]
    [InlineData("HMAC_224", "GENERATE_VERIFY_MAC")]
    [InlineData("HMAC_256", "GENERATE_VERIFY_MAC")]
    [InlineData("HMAC_384", "GENERATE_VERIFY_MAC")]
    [InlineData("HMAC_512", "GENERATE_VERIFY_MAC")]
    public async Task CreateKey_asymmetric_and_hmac_specs_list_their_algorithms(string spec, string usage)
    {
        var key = await Create(_kms, spec, usage);
        var described = (await _kms.DescribeKeyAsync(key.Arn)).KeyMetadata;

        Assert.Equal(spec, described.KeySpec.Value);
        Assert.Equal(usage, described.KeyUsage.Value);
        Assert.Null(described.CurrentKeyMaterialId);
        var algorithms = usage switch
        {
            "SIGN_VERIFY" => described.SigningAlgorithms,
            "ENCRYPT_DECRYPT" => described.EncryptionAlgorithms,
            "KEY_AGREEMENT" => described.KeyAgreementAlgorithms,
            _ => described.MacAlgorithms,
        };
        var expected = (spec, usage) switch
        {
            ("RSA_2048", "SIGN_VERIFY") => new[] { "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512" },
            ("RSA_2048", _) => ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"],
            ("ECC_NIST_P256", _) or ("ECC_SECG_P256K1", _) => ["ECDSA_SHA_256"],
            ("ECC_NIST_P384", _) => ["ECDH"],
            ("ECC_NIST_P521", _) => ["ECDSA_SHA_512"],
            _ => [$"HMAC_SHA_{spec[5..]}"],
        };
        Assert.Equal(expected, algorithms);
    }

    [Fact]
    public async Task CreateKey_rejects_what_AWS_rejects()
    {
        await KmsAssert.Validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048 }));
        await KmsAssert.Validation("KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.KEY_AGREEMENT }));
        await KmsAssert.Validation("KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.ECC_SECG_P256K1, KeyUsage = KeyUsageType.KEY_AGREEMENT }));
        await KmsAssert.Validation("1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = "HMAC_random", KeyUsage = KeyUsageType.GENERATE_VERIFY_MAC }));
        await KmsAssert.Validation("1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeyUsage = "RANDOM" }));
        await KmsAssert.Throws<UnsupportedOperationException>("KeySpec ML_DSA_44 is not supported by the PKCS#11 engine.",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.ML_DSA_44, KeyUsage = KeyUsageType.SIGN_VERIFY }));
        await KmsAssert.Throws<UnsupportedOperationException>("Origin EXTERNAL is not supported by the PKCS#11 engine.",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL }));
    }

    [Fact]
    public async Task Key_ids_that_do_not_name_a_key_give_NotFound()
    {
        await KmsAssert.Throws<NotFoundException>("Invalid keyId 'fake-key-id'", () => _kms.DescribeKeyAsync("fake-key-id"));
        var missing = Guid.NewGuid().ToString();
        await KmsAssert.Throws<NotFoundException>($"Key 'arn:aws:kms:us-east-1:111122223333:key/{missing}' does not exist",
            () => _kms.DescribeKeyAsync(missing));
        var key = await Create(_kms);
        await KmsAssert.Throws<NotFoundException>("Invalid arn eu-west-1",
            () => _kms.DescribeKeyAsync(key.Arn.Replace("us-east-1", "eu-west-1")));
        await KmsAssert.Throws<NotFoundException>("Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.",
            () => _kms.DescribeKeyAsync("alias/none"));
        await KmsAssert.Validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
            () => _kms.DescribeKeyAsync(new DescribeKeyRequest()));
    }

    [Fact]
    public async Task ListKeys_pages_with_marker_and_limit()
    {
        var created = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await Create(_kms)).KeyId);
        }

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await _kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker });
            Assert.True(page.Keys.Count <= 2);
            Assert.All(page.Keys, k => Assert.Equal($"arn:aws:kms:us-east-1:111122223333:key/{k.KeyId}", k.KeyArn));
            seen.AddRange(page.Keys.Select(k => k.KeyId));
            Assert.Equal(page.Truncated == true, page.NextMarker is not null);
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Superset(created, seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var zero = 0; // a variable: the SDK's analyzer rejects an out-of-range constant
        await KmsAssert.Validation("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
            () => _kms.ListKeysAsync(new ListKeysRequest { Limit = zero }));
        await Assert.ThrowsAsync<InvalidMarkerException>(() => _kms.ListKeysAsync(new ListKeysRequest { Marker = "not-a-marker" }));
    }

    [Fact]
    public async Task Disable_and_enable_change_the_state()
    {
        var key = await Create(_kms);
        await _kms.DisableKeyAsync(key.KeyId);
        var disabled = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata;
        Assert.Equal(KeyState.Disabled, disabled.KeyState);
        Assert.False(disabled.Enabled);

        await _kms.EnableKeyAsync(key.Arn);
        Assert.Equal(KeyState.Enabled, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task UpdateKeyDescription_replaces_the_description()
    {
        var key = await Create(_kms, description: "before");
        await _kms.UpdateKeyDescriptionAsync(key.KeyId, "after");
        Assert.Equal("after", (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.Description);
        await KmsAssert.Validation("1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must not be null",
            () => _kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.KeyId }));
    }
}
