using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Policies;
using KmsKit.Tests.Shared;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>Pkcs11Kms.SimulateAccess: the decision a request would get and the statements that made it, without the request.</summary>
[Collection(EngineCollection.Name)]
public sealed class PolicySimulationTests(EngineFixture fixture)
{
    private const string AppRole = "arn:aws:iam::111122223333:role/App";
    private const string OtherRole = "arn:aws:iam::111122223333:role/Other";

    private const string RootStatement =
        """{ "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }""";

    private const string AppUses =
        """{ "Sid": "AppUses", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*" }""";

    private const string NobodyElseDecrypts =
        """{ "Sid": "NobodyElseDecrypts", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "ArnNotEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/App" } } }""";

    private const string AllowAllKms = """{ "Version": "2012-10-17", "Statement": { "Sid": "AllKms", "Effect": "Allow", "Action": "kms:*", "Resource": "*" } }""";

    private const string AllowS3 = """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } ] }""";

    private readonly Pkcs11Kms _root = fixture.Kms;

    [Fact]
    public async Task A_principal_the_key_policy_names_is_allowed_by_that_statement()
    {
        var key = await CreateKey(RootStatement, AppUses, NobodyElseDecrypts);

        var simulation = _root.SimulateAccess("kms:Decrypt", key.KeyId, null, new KmsPrincipal(AppRole));

        Assert.True(simulation.IsAllowed);
        Assert.Equal(AuthorizationDecision.Allow, simulation.Decision);
        Assert.Equal("allowed", simulation.Explanation);
        Assert.Equal(key.Arn, simulation.Resource);
        var statement = Assert.Single(simulation.DecidingStatements);
        Assert.Equal((PolicySource.KeyPolicy, 1, "AppUses", PolicyEffect.Allow), (statement.Source, statement.StatementIndex, statement.Sid, statement.Effect));
        Assert.Equal("key policy, statement 1 \"AppUses\"", statement.Location);
        Assert.Equal("AppUses", JsonDocument.Parse(statement.Json).RootElement.GetProperty("Sid").GetString());
    }

    [Fact]
    public async Task An_explicit_deny_names_the_denying_statement_and_agrees_with_the_real_request()
    {
        var key = await CreateKey(RootStatement, AppUses, NobodyElseDecrypts);
        var other = new KmsPrincipal(OtherRole) { IdentityPolicies = [AllowAllKms] };

        var simulation = _root.SimulateAccess("kms:Decrypt", key.Arn, null, other);

        Assert.Equal(AuthorizationDecision.ExplicitDeny, simulation.Decision);
        Assert.Equal(DenialReason.ExplicitDenyInResourceBasedPolicy, simulation.Reason);
        Assert.Equal("explicit deny in a resource-based policy", simulation.Summary);
        var statement = Assert.Single(simulation.DecidingStatements);
        Assert.Equal("key policy, statement 2 \"NobodyElseDecrypts\"", statement.Location);
        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.Contains("ArnNotEquals", statement.Json);

        using var real = _root.Core.For(other);
        var ciphertext = (await _root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text("secret") })).CiphertextBlob;
        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => real.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext }));
        Assert.Equal(simulation.Explanation, denied.Message);
    }

    [Fact]
    public async Task A_principal_no_policy_allows_is_implicitly_denied_with_no_deciding_statement()
    {
        var key = await CreateKey(RootStatement, AppUses);

        var simulation = _root.SimulateAccess("kms:Encrypt", key.KeyId, null, new KmsPrincipal(OtherRole) { IdentityPolicies = [AllowS3] });

        Assert.Equal(AuthorizationDecision.ImplicitDeny, simulation.Decision);
        Assert.Equal(DenialReason.NoIdentityBasedPolicyAllows, simulation.Reason);
        Assert.Empty(simulation.DecidingStatements);
        Assert.Equal(
            $"User: {OtherRole} is not authorized to perform: kms:Encrypt on resource: {key.Arn} because no identity-based policy allows the kms:Encrypt action",
            simulation.Explanation);
    }

    [Fact]
    public async Task An_allowing_identity_policy_is_named_by_its_position_among_the_principals_policies()
    {
        var key = await CreateKey(RootStatement);

        var simulation = _root.SimulateAccess("kms:describekey", key.KeyId, null, new KmsPrincipal(OtherRole) { IdentityPolicies = [AllowS3, AllowAllKms] });

        Assert.True(simulation.IsAllowed);
        Assert.Equal("kms:DescribeKey", simulation.Action);
        Assert.Equal(
            ["key policy, statement 0 \"Enable IAM User Permissions\"", "identity policy 1, statement 0 \"AllKms\""],
            simulation.DecidingStatements.Select(s => s.Location));
        Assert.Contains("\"AllKms\"", simulation.DecidingStatements[1].Json);
    }

    [Fact]
    public async Task The_encryption_context_given_decides_a_condition_on_it()
    {
        var key = await CreateKey(RootStatement,
            """{ "Sid": "AcmeOnly", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringEquals": { "kms:EncryptionContext:tenant": "acme" } } }""");
        var app = new KmsPrincipal(AppRole);

        Assert.True(_root.SimulateAccess("kms:Decrypt", key.KeyId, new Dictionary<string, string> { ["tenant"] = "acme" }, app).IsAllowed);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, _root.SimulateAccess("kms:Decrypt", key.KeyId, new Dictionary<string, string> { ["tenant"] = "globex" }, app).Decision);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, _root.SimulateAccess("kms:Decrypt", key.KeyId, null, app).Decision);
    }

    [Fact]
    public async Task A_request_alias_condition_is_decided_as_the_real_request_decides_it()
    {
        var alias = "alias/simulated-" + Guid.NewGuid().ToString("N");
        var key = await CreateKey(RootStatement,
            $$"""{ "Effect": "Allow", "Principal": { "AWS": "{{AppRole}}" }, "Action": ["kms:Encrypt", "kms:DescribeKey"], "Resource": "*", "Condition": { "StringEquals": { "kms:RequestAlias": "{{alias}}" } } }""");
        await _root.CreateAliasAsync(alias, key.KeyId);
        var app = new KmsPrincipal(AppRole);
        using var real = _root.Core.For(app);

        foreach (var byAlias in new[] { alias, $"arn:aws:kms:us-east-1:{key.AWSAccountId}:{alias}" })
        {
            Assert.True(_root.SimulateAccess("kms:Encrypt", byAlias, null, app).IsAllowed, byAlias);
            Assert.True(_root.SimulateAccess("kms:DescribeKey", byAlias, null, app).IsAllowed, byAlias);
            await real.EncryptAsync(new EncryptRequest { KeyId = byAlias, Plaintext = Text("secret") });
            await real.DescribeKeyAsync(byAlias);
        }

        var byId = _root.SimulateAccess("kms:Encrypt", key.KeyId, null, app);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, byId.Decision);
        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => real.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text("secret") }));
        Assert.Equal(byId.Explanation, denied.Message);
    }

    [Fact]
    public async Task A_caller_not_allowed_to_read_the_key_policy_cannot_simulate()
    {
        var key = await CreateKey(RootStatement, AppUses);
        using var app = _root.Core.For(AppRole);

        Refused("AccessDeniedException",
            $"User: {AppRole} is not authorized to perform: kms:GetKeyPolicy on resource: {key.Arn} because no identity-based policy allows the kms:GetKeyPolicy action",
            () => app.SimulateAccess("kms:Decrypt", key.KeyId, null, new KmsPrincipal(AppRole)));
    }

    [Fact]
    public async Task An_action_that_is_not_one_of_the_kms_api_is_a_validation_error_naming_it()
    {
        var key = await Create(_root);

        Refused("ValidationException",
            "'kms:Decrypto' is not an action of the KMS API: expected one such as kms:Decrypt, kms:Encrypt or kms:DescribeKey.",
            () => _root.SimulateAccess("kms:Decrypto", key.KeyId, null, new KmsPrincipal(AppRole)));
        Refused("ValidationException",
            "'s3:GetObject' is not an action of the KMS API: expected one such as kms:Decrypt, kms:Encrypt or kms:DescribeKey.",
            () => _root.SimulateAccess("s3:GetObject", key.KeyId, null, new KmsPrincipal(AppRole)));
    }

    [Fact]
    public void A_key_that_does_not_exist_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => _root.SimulateAccess("kms:Decrypt", "alias/no-such-alias", null, new KmsPrincipal(AppRole)));
        Assert.Throws<NotFoundException>(() => _root.SimulateAccess("kms:Decrypt", Guid.NewGuid().ToString(), null, new KmsPrincipal(AppRole)));
    }

    [Fact]
    public async Task Inputs_a_real_request_could_not_have_are_validation_errors()
    {
        var key = await Create(_root);
        var context = new Dictionary<string, string> { ["tenant"] = "acme" };

        Refused("ValidationException", "A kms:DescribeKey request has no encryption context: simulate it without one.",
            () => _root.SimulateAccess("kms:DescribeKey", key.KeyId, context, new KmsPrincipal(AppRole)));
        Refused("ValidationException", "kms:Decrypt is an action on a key: name the key.",
            () => _root.SimulateAccess("kms:Decrypt", null, null, new KmsPrincipal(AppRole)));
        Refused("ValidationException", "kms:CreateKey is an account-level action: simulate it without a key.",
            () => _root.SimulateAccess("kms:CreateKey", key.KeyId, null, new KmsPrincipal(AppRole)));
        var malformed = Assert.Throws<AmazonKeyManagementServiceException>(() => _root.SimulateAccess("kms:Decrypt", key.KeyId, null, new KmsPrincipal("bob")));
        Assert.Equal("ValidationException", malformed.ErrorCode);
        Assert.Contains("'bob' is not a principal KmsKit can authorize", malformed.Message);
    }

    [Fact]
    public void An_account_level_action_is_simulated_by_the_account_root_and_not_by_another_principal()
    {
        var other = new KmsPrincipal(OtherRole) { IdentityPolicies = [AllowAllKms] };

        var simulation = _root.SimulateAccess("kms:CreateKey", null, null, other);
        Assert.True(simulation.IsAllowed);
        Assert.Equal("*", simulation.Resource);
        Assert.Equal("identity policy 0, statement 0 \"AllKms\"", Assert.Single(simulation.DecidingStatements).Location);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, _root.SimulateAccess("kms:ListKeys", null, null, new KmsPrincipal(OtherRole)).Decision);

        using var app = _root.Core.For(AppRole);
        Refused("AccessDeniedException",
            $"User: {AppRole} is not authorized to simulate kms:CreateKey for {OtherRole}: an account-level action is simulated by the principal itself or its account's root.",
            () => app.SimulateAccess("kms:CreateKey", null, null, other));
    }

    [Fact]
    public void The_actions_it_knows_are_the_operations_of_the_api_model_with_re_encrypt_as_its_two_actions_and_the_ml_kem_operations()
    {
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Shared, "kms-model", "kms", "2014-11-01", "service-2.json")));
        var operations = model.RootElement.GetProperty("operations").EnumerateObject().Select(o => "kms:" + o.Name)
            .Where(action => action != "kms:ReEncrypt")
            .Concat(["kms:ReEncryptFrom", "kms:ReEncryptTo"])
            // The shared model predates the ML-KEM operations the SDK 4.1 has.
            .Concat(["kms:Decapsulate", "kms:Encapsulate"]);

        Assert.Equal(operations.Order(StringComparer.Ordinal), KmsActions.Names.Order(StringComparer.Ordinal));
    }

    private static void Refused(string errorCode, string message, Action simulate)
    {
        var exception = Assert.ThrowsAny<AmazonKeyManagementServiceException>(simulate);
        Assert.Equal(errorCode, exception.ErrorCode);
        Assert.Equal(message, exception.Message);
    }

    private async Task<KeyMetadata> CreateKey(params string[] statements) =>
        (await _root.CreateKeyAsync(new CreateKeyRequest
        {
            Policy = $$"""{ "Version": "2012-10-17", "Statement": [ {{string.Join(", ", statements)}} ] }""",
            BypassPolicyLockoutSafetyCheck = true,
        })).KeyMetadata;
}
