using KmsKit.Tests.Authorization;

namespace KmsKit.Server.Tests;

/// <summary>The rows of the authorization table marked for the server, over HTTP with SigV4 principals through the AWS SDK.</summary>
public sealed class AuthorizationTableTests(AuthorizationTableFixture fixture) : IClassFixture<AuthorizationTableFixture>
{
    [Theory]
    [MemberData(nameof(AuthorizationCases.Names), true, MemberType = typeof(AuthorizationCases))]
    public Task a_signed_request_is_allowed_or_denied_as_the_aws_rule_says(string name) =>
        AuthorizationTable.RunAsync(AuthorizationCases.Named(name), fixture.ClientOf);

    [Fact]
    public void at_least_twenty_rows_run_over_the_server()
    {
        Assert.True(AuthorizationCases.All.Count(row => row.OverServer) >= 20);
    }
}
