using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class AliasAndTagTests(ServerFixture fixture) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    [Fact]
    public async Task AliasesNameKeysAndMove()
    {
        var first = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var second = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var alias = "alias/orders-" + Guid.NewGuid().ToString("N");

        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = first.KeyId });

        Assert.Equal(first.KeyId, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias })).KeyMetadata.KeyId);
        var listed = await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = first.KeyId });
        var entry = Assert.Single(listed.Aliases);
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal($"arn:aws:kms:us-east-1:111122223333:{alias}", entry.AliasArn);
        Assert.NotNull(entry.CreationDate);

        await _kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = second.KeyId });
        Assert.Equal(second.KeyId, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias })).KeyMetadata.KeyId);

        await _kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias });
        await KmsAssert.Throws<NotFoundException>(
            $"Alias arn:aws:kms:us-east-1:111122223333:{alias} is not found.",
            () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }));
    }

    [Fact]
    public async Task DuplicateAliasesAlreadyExist()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var alias = "alias/twice-" + Guid.NewGuid().ToString("N");
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId });

        await KmsAssert.Throws<AlreadyExistsException>(null, () => _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }));
    }

    [Fact]
    public async Task TagsAreAddedListedAndRemoved()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest
        {
            Tags = [new Tag { TagKey = "team", TagValue = "payments" }],
        })).KeyMetadata;

        await _kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "env", TagValue = "dev" }] });

        var tags = (await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags;
        Assert.Equal(["env=dev", "team=payments"], tags.Select(t => $"{t.TagKey}={t.TagValue}").Order());

        await _kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = ["team"] });

        tags = (await _kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId })).Tags;
        Assert.Equal("env", Assert.Single(tags).TagKey);
    }

    public void Dispose() => _kms.Dispose();
}
