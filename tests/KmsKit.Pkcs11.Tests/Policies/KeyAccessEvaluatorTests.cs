using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

public sealed class KeyAccessEvaluatorTests
{
    [Theory]
    [MemberData(nameof(EvaluationCases.Names), MemberType = typeof(EvaluationCases))]
    public void evaluation_follows_the_aws_rule(string name)
    {
        var row = EvaluationCases.Named(name);

        var result = row.Evaluate();

        Assert.True(
            (row.Decision, row.Reason) == (result.Decision, result.Reason),
            $"{row.Name} ({row.Rule}): expected {row.Decision}/{row.Reason}, got {result.Decision}/{result.Reason}");
    }

    [Fact]
    public void the_table_has_at_least_eighty_rows_with_unique_names()
    {
        Assert.True(EvaluationCases.All.Count >= 80);
        Assert.Equal(EvaluationCases.All.Count, EvaluationCases.All.Select(row => row.Name).Distinct().Count());
    }

    [Fact]
    public void an_explicit_deny_names_the_denying_statement()
    {
        var row = EvaluationCases.Named("key_policy_deny_overrides_delegation_and_identity_allow");

        var statement = Assert.Single(row.Evaluate().DecidingStatements);

        Assert.Equal(new StatementReference(PolicySource.KeyPolicy, 0, "NoBob", PolicyEffect.Deny, 1), statement);
    }

    [Fact]
    public void a_delegated_allow_names_the_account_statement_and_the_identity_statement()
    {
        var row = EvaluationCases.Named("default_policy_and_an_identity_policy_allow_a_user");

        var statements = row.Evaluate().DecidingStatements;

        Assert.Equal(
            [new StatementReference(PolicySource.KeyPolicy, 0, "Enable IAM User Permissions", PolicyEffect.Allow, 0), new StatementReference(PolicySource.IdentityPolicy, 0, null, PolicyEffect.Allow, 0)],
            statements);
    }

    [Theory]
    [InlineData("key_policy_naming_another_user_denies", "User: arn:aws:iam::111122223333:user/Alice is not authorized to perform: kms:Decrypt on resource: " + EvaluationCase.Key + " because no resource-based policy allows the kms:Decrypt action")]
    [InlineData("key_policy_deny_overrides_delegation_and_identity_allow", "User: arn:aws:iam::111122223333:user/Bob is not authorized to perform: kms:Decrypt on resource: " + EvaluationCase.Key + " with an explicit deny in a resource-based policy")]
    [InlineData("identity_deny_overrides_a_direct_key_policy_allow", "User: arn:aws:iam::111122223333:user/Bob is not authorized to perform: kms:Decrypt on resource: " + EvaluationCase.Key + " with an explicit deny in an identity-based policy")]
    [InlineData("default_policy_without_an_identity_policy_denies_a_user", "User: arn:aws:iam::111122223333:user/Bob is not authorized to perform: kms:Decrypt on resource: " + EvaluationCase.Key + " because no identity-based policy allows the kms:Decrypt action")]
    public void access_denied_message_has_the_aws_shape(string name, string message)
    {
        var row = EvaluationCases.Named(name);

        Assert.Equal(message, row.Evaluate().AccessDeniedMessage(row.Action, row.Resource));
    }

    [Fact]
    public void access_denied_message_of_a_session_names_the_session()
    {
        var caller = CallerIdentity.Parse("arn:aws:sts::111122223333:assumed-role/App/s1");
        var result = KeyAccessEvaluator.Evaluate(new AuthorizationContext("kms:CreateKey", "*", caller), "111122223333", null, []);

        Assert.Equal(
            "User: arn:aws:sts::111122223333:assumed-role/App/s1 is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action",
            result.AccessDeniedMessage("kms:CreateKey", "*"));
    }

    [Fact]
    public void an_allowed_result_has_no_access_denied_message()
    {
        var result = EvaluationCases.Named("key_policy_naming_the_user_allows_without_identity_policy").Evaluate();

        Assert.Throws<InvalidOperationException>(() => result.AccessDeniedMessage("kms:Decrypt", EvaluationCase.Key));
    }
}
