using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class AliasTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    private static string NewAlias() => "alias/test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Aliases_are_created_listed_updated_and_deleted()
    {
        var first = await Create(_kms);
        var second = await Create(_kms);
        var alias = NewAlias();
        await _kms.CreateAliasAsync(alias, first.Arn);

        var listed = (await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = first.KeyId })).Aliases;
        var entry = Assert.Single(listed);
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal($"arn:aws:kms:us-east-1:111122223333:{alias}", entry.AliasArn);
        Assert.Equal(first.KeyId, entry.TargetKeyId);

        await _kms.UpdateAliasAsync(alias, second.KeyId);
        Assert.Equal(second.KeyId, (await _kms.DescribeKeyAsync(alias)).KeyMetadata.KeyId);
        Assert.Empty((await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = first.KeyId })).Aliases);

        await _kms.DeleteAliasAsync(alias);
        await KmsAssert.Throws<NotFoundException>($"Alias arn:aws:kms:us-east-1:111122223333:{alias} is not found.", () => _kms.DescribeKeyAsync(alias));
        await KmsAssert.Throws<NotFoundException>($"Alias arn:aws:kms:us-east-1:111122223333:{alias} is not found.", () => _kms.DeleteAliasAsync(alias));
    }

    [Fact]
    public async Task Alias_names_are_validated_as_AWS()
    {
        var key = await Create(_kms);
        await KmsAssert.Validation("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
            () => _kms.CreateAliasAsync("no-prefix", key.KeyId));
        await KmsAssert.Validation("1 validation error detected: Value 'alias/bad name' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
            () => _kms.CreateAliasAsync("alias/bad name", key.KeyId));
        await KmsAssert.Validation("alias/my:alias contains invalid characters for an alias",
            () => _kms.CreateAliasAsync("alias/my:alias", key.KeyId));

        var alias = NewAlias();
        await _kms.CreateAliasAsync(alias, key.KeyId);
        await KmsAssert.Throws<AlreadyExistsException>($"An alias with the name arn:aws:kms:us-east-1:111122223333:{alias} already exists",
            () => _kms.CreateAliasAsync(alias, key.KeyId));
        await KmsAssert.Validation("Aliases must refer to keys. Not aliases", () => _kms.CreateAliasAsync(NewAlias(), alias));
    }

    [Fact]
    public async Task Aliases_cannot_point_at_keys_pending_deletion()
    {
        var key = await Create(_kms);
        await _kms.ScheduleKeyDeletionAsync(key.KeyId);
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending deletion.", () => _kms.CreateAliasAsync(NewAlias(), key.KeyId));
    }

    [Fact]
    public async Task Customers_cannot_create_update_or_delete_alias_aws_names()
    {
        var key = await Create(_kms);
        await AssertNotAuthorized(() => _kms.CreateAliasAsync("alias/aws/mine", key.KeyId));
        await AssertNotAuthorized(() => _kms.UpdateAliasAsync("alias/aws/s3", key.KeyId));
        await AssertNotAuthorized(() => _kms.DeleteAliasAsync("alias/aws/s3"));
        Assert.DoesNotContain((await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId })).Aliases, a => a.AliasName.StartsWith("alias/aws/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAliases_pages()
    {
        var key = await Create(_kms);
        var names = new[] { NewAlias(), NewAlias(), NewAlias() };
        foreach (var name in names)
        {
            await _kms.CreateAliasAsync(name, key.KeyId);
        }

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId, Limit = 2, Marker = marker });
            seen.AddRange(page.Aliases.Select(a => a.AliasName));
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
    }

    /// <summary>AWS's answer to an alias/aws/ name: NotAuthorizedException (no SDK type), without a message.</summary>
    private static async Task AssertNotAuthorized(Func<Task> operation)
    {
        var exception = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(operation);
        Assert.Equal("NotAuthorizedException", exception.ErrorCode);
        Assert.Empty(exception.Message);
    }
}
