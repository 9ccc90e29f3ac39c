using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Engine;
using KmsKit.Tests.Authorization;

namespace KmsKit.Pkcs11.Tests.Authorization;

/// <summary>The authorization table over the in-process engine: each caller is a facade of the shared core.</summary>
[Collection(EngineCollection.Name)]
public sealed class EngineAuthorizationTableTests(EngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(AuthorizationCases.Names), false, MemberType = typeof(AuthorizationCases))]
    public Task a_request_is_allowed_or_denied_as_the_aws_rule_says(string name) =>
        AuthorizationTable.RunAsync(AuthorizationCases.Named(name), Facade);

    [Fact]
    public void the_table_has_at_least_eighty_rows_with_unique_names()
    {
        Assert.True(AuthorizationCases.All.Count >= 80, $"{AuthorizationCases.All.Count} rows");
        Assert.Equal(AuthorizationCases.All.Count, AuthorizationCases.All.Select(row => row.Name).Distinct().Count());
    }

    [Fact]
    public void the_table_has_at_least_thirty_grant_rows()
    {
        var grantRows = AuthorizationCases.All.Count(row => row.Rule.Contains("grant", StringComparison.OrdinalIgnoreCase));
        Assert.True(grantRows >= 30, $"{grantRows} grant rows");
    }

    private IAmazonKeyManagementService Facade(CastMember member) =>
        fixture.Kms.Core.For(new KmsPrincipal(member.Arn) { IdentityPolicies = member.IdentityPolicies, Tags = member.Tags });
}
