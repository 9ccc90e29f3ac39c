using System.Text.Json;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

/// <summary>
/// <c>kmskit policy simulate</c> against a server with a principals file (AuthorizationFixture): the decision, the
/// statements that made it, identity policies from the file, who may simulate, and the exit codes.
/// </summary>
public sealed class PolicySimulateCommandTests(AuthorizationFixture fixture) : IClassFixture<AuthorizationFixture>
{
    private const string TenantAppArn = "arn:aws:iam::111122223333:role/TenantApp";

    private static readonly string Policy = $$"""
        { "Version": "2012-10-17", "Statement": [
          { "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
          { "Sid": "AppUses", "Effect": "Allow", "Principal": { "AWS": "{{AuthorizationFixture.AppArn}}" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*" },
          { "Sid": "NoTenantDecrypt", "Effect": "Deny", "Principal": { "AWS": "{{TenantAppArn}}" }, "Action": "kms:Decrypt", "Resource": "*" } ] }
        """;

    [Fact]
    public async Task A_principal_the_key_policy_allows_is_allowed_with_exit_code_0_and_the_allowing_statement()
    {
        var key = await CreateKey();

        var (exitCode, output, error) = await Simulate(AuthorizationFixture.RootKey, "--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypt", "--key", key.KeyId);

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("ALLOW\n", output);
        Assert.Contains($"  kms:Decrypt by {AuthorizationFixture.AppArn} on {key.Arn}\n", output);
        Assert.Contains("  identity: the server's principals file (0 identity policies)\n", output);
        Assert.Contains("key policy, statement 1 \"AppUses\": Allow\n    {\n      \"Sid\": \"AppUses\",\n", output);
    }

    [Fact]
    public async Task An_explicit_deny_exits_1_and_prints_the_denying_statement_and_its_json()
    {
        var key = await CreateKey();

        var (exitCode, output, _) = await Simulate(AuthorizationFixture.RootKey, "--principal", TenantAppArn, "--action", "kms:Decrypt", "--key", key.Arn, "--context", "tenant=acme");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("DENY (explicit deny in a resource-based policy)\n", output);
        Assert.Contains($"  User: {TenantAppArn} is not authorized to perform: kms:Decrypt on resource: {key.Arn} with an explicit deny in a resource-based policy\n", output);
        Assert.Contains("key policy, statement 2 \"NoTenantDecrypt\": Deny\n", output);
        Assert.Contains("      \"Effect\": \"Deny\",\n", output);
        Assert.DoesNotContain("AppUses", output);

        // The real request agrees.
        using var tenant = fixture.Server.Client(accessKey: AuthorizationFixture.TenantAppKey, secret: AuthorizationFixture.Secret);
        using var root = fixture.Server.Client(accessKey: AuthorizationFixture.RootKey, secret: AuthorizationFixture.Secret);
        var ciphertext = (await root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) })).CiphertextBlob;
        var denied = await Assert.ThrowsAsync<Amazon.KeyManagementService.AmazonKeyManagementServiceException>(
            () => tenant.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext }));
        Assert.Contains("with an explicit deny in a resource-based policy", denied.Message);
    }

    [Fact]
    public async Task Identity_policies_come_from_the_principals_file_and_an_unknown_principal_has_none()
    {
        var key = await CreateKey();

        var (known, knownOutput, _) = await Simulate(AuthorizationFixture.RootKey, "--principal", TenantAppArn, "--action", "kms:Encrypt", "--key", key.KeyId);
        var (unknown, unknownOutput, _) = await Simulate(AuthorizationFixture.RootKey,
            "--principal", "arn:aws:iam::111122223333:role/Ghost", "--action", "kms:Encrypt", "--key", key.KeyId);

        Assert.Equal(0, known);
        Assert.Contains("  identity: the server's principals file (1 identity policy)\n", knownOutput);
        Assert.Contains("key policy, statement 0 \"Enable IAM User Permissions\": Allow\n", knownOutput);
        Assert.Contains("identity policy 0, statement 0: Allow\n", knownOutput);
        Assert.Equal(1, unknown);
        Assert.StartsWith("DENY (no identity-based policy allows it)\n", unknownOutput);
        Assert.Contains("  identity: not in the server's principals file, so no identity policies and no tags\n", unknownOutput);
        Assert.Contains("  no statement allows it\n", unknownOutput);
    }

    [Fact]
    public async Task A_caller_not_allowed_to_read_the_key_policy_cannot_simulate_and_exits_3()
    {
        var key = await CreateKey();

        var (exitCode, output, error) = await Simulate(AuthorizationFixture.AppKey, "--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypt", "--key", key.KeyId);

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.Equal(
            $"kmskit policy simulate: AccessDeniedException: User: {AuthorizationFixture.AppArn} is not authorized to perform: kms:GetKeyPolicy on resource: {key.Arn} because no identity-based policy allows the kms:GetKeyPolicy action",
            error.Trim());
    }

    [Fact]
    public async Task A_wrong_signature_is_refused_as_for_any_request()
    {
        var (exitCode, _, error) = await Simulate(AuthorizationFixture.RootKey, "wrong-secret", ["--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypt", "--key", "alias/any"]);

        Assert.Equal(3, exitCode);
        Assert.StartsWith("kmskit policy simulate: InvalidSignatureException: The request signature we calculated does not match", error.Trim());
    }

    [Fact]
    public async Task Bad_input_is_one_line_on_stderr_and_exit_code_2()
    {
        var key = await CreateKey();
        string[][] cases =
        [
            ["--action", "kms:Decrypt", "--key", key.KeyId],
            ["--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypt", "--key", key.KeyId, "--context", "tenant"],
            ["--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypto", "--key", key.KeyId],
            ["--principal", "bob", "--action", "kms:Decrypt", "--key", key.KeyId],
        ];
        string[] expected =
        [
            "kmskit policy simulate: Option '--principal' is required.",
            "kmskit policy simulate: --context takes KEY=VALUE pairs; pair 1 has no '='.",
            "kmskit policy simulate: ValidationException: 'kms:Decrypto' is not an action of the KMS API: expected one such as kms:Decrypt, kms:Encrypt or kms:DescribeKey.",
            "kmskit policy simulate: ValidationException: 'bob' is not a principal KmsKit can authorize",
        ];

        for (var i = 0; i < cases.Length; i++)
        {
            var (exitCode, output, error) = await Simulate(AuthorizationFixture.RootKey, cases[i]);
            Assert.Equal(2, exitCode);
            Assert.Empty(output);
            Assert.StartsWith(expected[i], error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }

        var (noEndpoint, _, noEndpointError) = await KmsKitTool.RunAsync("policy", "simulate", "--principal", AuthorizationFixture.AppArn, "--action", "kms:Decrypt");
        Assert.Equal(2, noEndpoint);
        Assert.Equal("kmskit policy simulate: --endpoint-url is required: policy simulation is a kmskit server's operation, not AWS's.", noEndpointError.Trim());
    }

    [Fact]
    public async Task The_json_output_is_the_servers_answer()
    {
        var key = await CreateKey();

        var (exitCode, output, _) = await Simulate(AuthorizationFixture.RootKey, "--principal", TenantAppArn, "--action", "kms:Decrypt", "--key", key.KeyId, "--json");

        Assert.Equal(1, exitCode);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal("ExplicitDeny", answer.GetProperty("Decision").GetString());
        Assert.Equal("PrincipalsFile", answer.GetProperty("IdentitySource").GetString());
        var statement = Assert.Single(answer.GetProperty("DecidingStatements").EnumerateArray());
        Assert.Equal(("KeyPolicy", 2, "NoTenantDecrypt", "Deny"),
            (statement.GetProperty("Source").GetString(), statement.GetProperty("StatementIndex").GetInt32(), statement.GetProperty("Sid").GetString(), statement.GetProperty("Effect").GetString()));
        Assert.Equal("NoTenantDecrypt", JsonDocument.Parse(statement.GetProperty("Statement").GetString()!).RootElement.GetProperty("Sid").GetString());
    }

    [Fact]
    public async Task A_grant_that_allows_when_no_policy_does_is_named()
    {
        const string Reader = "arn:aws:iam::111122223333:role/Reader";
        var key = await CreateKey();
        using var root = fixture.Server.Client(accessKey: AuthorizationFixture.RootKey, secret: AuthorizationFixture.Secret);
        var grant = await root.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = Reader,
            Operations = ["Decrypt"],
            Constraints = new GrantConstraints { EncryptionContextSubset = new() { ["tenant"] = "acme" } },
        });

        var (allowed, output, error) = await Simulate(AuthorizationFixture.RootKey, "--principal", Reader, "--action", "kms:Decrypt", "--key", key.KeyId, "--context", "tenant=acme");
        var (denied, deniedOutput, _) = await Simulate(AuthorizationFixture.RootKey, "--principal", Reader, "--action", "kms:Decrypt", "--key", key.KeyId, "--context", "tenant=globex");

        Assert.True(allowed == 0, error);
        Assert.StartsWith("ALLOW\n", output);
        Assert.Contains($"grant {grant.GrantId} for {Reader}: Decrypt; EncryptionContextSubset {{tenant=acme}}: Allow (no policy allows it; the grant does)\n", output);
        Assert.Equal(1, denied);
        Assert.StartsWith("DENY (no identity-based policy allows it)\n", deniedOutput);
        Assert.DoesNotContain(grant.GrantId, deniedOutput);
    }

    private async Task<KeyMetadata> CreateKey()
    {
        using var root = fixture.Server.Client(accessKey: AuthorizationFixture.RootKey, secret: AuthorizationFixture.Secret);
        return (await root.CreateKeyAsync(new CreateKeyRequest { Policy = Policy })).KeyMetadata;
    }

    private Task<(int ExitCode, string Output, string Error)> Simulate(string accessKey, params string[] arguments) =>
        Simulate(accessKey, AuthorizationFixture.Secret, arguments);

    /// <summary>Runs the tool signed as <paramref name="accessKey"/> (credentials from the environment, as the SDK finds them).</summary>
    private Task<(int ExitCode, string Output, string Error)> Simulate(string accessKey, string secret, string[] arguments)
    {
        var start = KmsKitTool.StartInfo(["policy", "simulate", .. arguments, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1"]);
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        return ChildProcess.RunAsync(start, "the .NET SDK");
    }
}

/// <summary><c>kmskit policy simulate</c> against a server without a principals file: every caller is the root.</summary>
[Collection(ServerCollection.Name)]
public sealed class LocalPolicySimulateCommandTests(ServerFixture fixture)
{
    [Fact]
    public async Task In_local_mode_the_root_may_simulate_and_the_principal_has_no_identity_policies()
    {
        using var kms = fixture.Server.Client();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        var (root, rootOutput, error) = await KmsKitTool.RunAsync("policy", "simulate", "--principal", "arn:aws:iam::111122223333:root",
            "--action", "kms:GenerateDataKey", "--key", key.KeyId, "--context", "purpose=test", "--endpoint-url", fixture.Server.Url, "--region", "us-east-1");
        var (role, roleOutput, _) = await KmsKitTool.RunAsync("policy", "simulate", "--principal", "arn:aws:iam::111122223333:role/App",
            "--action", "kms:GenerateDataKey", "--key", key.KeyId, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1");

        Assert.True(root == 0, error);
        Assert.Contains("key policy, statement 0 \"Enable IAM User Permissions\": Allow\n", rootOutput);
        Assert.Contains("  identity: the server has no principals file (local mode), so no identity policies and no tags\n", rootOutput);
        Assert.Equal(1, role);
        Assert.StartsWith("DENY (no identity-based policy allows it)\n", roleOutput);
    }
}
