using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>One core serves several accounts: keys and aliases belong to the account of the caller that made them.</summary>
[Collection(EngineCollection.Name)]
public sealed class AccountTests(EngineFixture fixture)
{
    private const string OtherAccount = "444455556666";

    [Fact]
    public async Task A_key_belongs_to_the_account_of_its_creator_and_is_not_listed_in_another()
    {
        using var other = fixture.Kms.Core.For(KmsPrincipal.AccountRoot(OtherAccount));
        var key = await Create(other);

        Assert.Equal($"arn:aws:kms:us-east-1:{OtherAccount}:key/{key.KeyId}", key.Arn);
        Assert.Equal(OtherAccount, key.AWSAccountId);
        Assert.Contains((await other.ListKeysAsync(new ListKeysRequest { Limit = 1000 })).Keys, k => k.KeyId == key.KeyId);
        Assert.DoesNotContain((await fixture.Kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 })).Keys, k => k.KeyId == key.KeyId);
    }

    [Fact]
    public async Task Another_accounts_key_is_not_found_by_its_id_and_is_denied_by_its_arn()
    {
        using var other = fixture.Kms.Core.For(KmsPrincipal.AccountRoot(OtherAccount));
        var key = await Create(other);

        await KmsAssert.Throws<NotFoundException>($"Key 'arn:aws:kms:us-east-1:111122223333:key/{key.KeyId}' does not exist",
            () => fixture.Kms.DescribeKeyAsync(key.KeyId));
        var denied = await Assert.ThrowsAsync<Amazon.KeyManagementService.AmazonKeyManagementServiceException>(
            () => fixture.Kms.DescribeKeyAsync(key.Arn));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
    }

    [Fact]
    public async Task Alias_names_are_per_account()
    {
        using var other = fixture.Kms.Core.For(KmsPrincipal.AccountRoot(OtherAccount));
        var mine = await Create(fixture.Kms);
        var theirs = await Create(other);
        var alias = "alias/per-account-" + Guid.NewGuid().ToString("N");

        await fixture.Kms.CreateAliasAsync(alias, mine.KeyId);
        await other.CreateAliasAsync(alias, theirs.KeyId);

        Assert.Equal(mine.KeyId, (await fixture.Kms.DescribeKeyAsync(alias)).KeyMetadata.KeyId);
        Assert.Equal(theirs.KeyId, (await other.DescribeKeyAsync(alias)).KeyMetadata.KeyId);
    }

    [Fact]
    public async Task A_facade_leaves_the_core_open_when_disposed()
    {
        var other = fixture.Kms.Core.For(KmsPrincipal.AccountRoot(OtherAccount), "eu-west-1");
        other.Dispose();

        Assert.NotNull((await fixture.Kms.ListKeysAsync(new ListKeysRequest())).Keys);
    }
}
