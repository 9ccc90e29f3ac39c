using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class TagTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task Tags_are_added_listed_and_removed()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "tag1", TagValue = "value1" }] })).KeyMetadata;
        await _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "tag2", TagValue = "value2" }] });

        var tags = (await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags;
        Assert.Equal([("tag1", "value1"), ("tag2", "value2")], tags.Select(t => (t.TagKey, t.TagValue)));

        await _kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = ["tag1", "tag2", "absent"] });
        Assert.Empty((await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags);
    }

    [Fact]
    public async Task Tags_are_validated_as_AWS()
    {
        await KmsAssert.Throws<TagException>("Tags beginning with aws: are reserved",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "AWS:x", TagValue = "y" }] }));
        await KmsAssert.Throws<TagException>("Duplicate tag keys",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "a", TagValue = "1" }, new Tag { TagKey = "a", TagValue = "2" }] }));
        var tooLong = new string('a', 129);
        await KmsAssert.Validation($"1 validation error detected: Value '{tooLong}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128",
            () => _kms.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = tooLong, TagValue = "v" }] }));

        var key = await Create(_kms);
        await _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = Enumerable.Range(0, 50).Select(i => new Tag { TagKey = $"k{i}", TagValue = "v" }).ToList() });
        await KmsAssert.Throws<TagException>("Too many tags",
            () => _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "one-more", TagValue = "v" }] }));
        var page = await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId, Limit = 20 });
        Assert.Equal(20, page.Tags.Count);
        Assert.True(page.Truncated);
    }

    [Fact]
    public async Task Null_tags_and_context_values_from_an_in_process_caller_are_validation_errors()
    {
        var key = await Create(_kms);

        await KmsAssert.Validation("1 validation error detected: Value null at 'tags.2.member' failed to satisfy constraint: Member must not be null",
            () => _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "a", TagValue = "1" }, null!] }));
        await KmsAssert.Validation("1 validation error detected: Value null at 'tagKeys.1.member' failed to satisfy constraint: Member must not be null",
            () => _kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = [null!] }));
        await KmsAssert.Validation("1 validation error detected: Value null at 'encryptionContext.tenant' failed to satisfy constraint: Member must not be null",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), EncryptionContext = new() { ["tenant"] = null! } }));

        Assert.Empty((await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags);
    }
}
