using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Server.Tests.AuthorizationFixture;

namespace KmsKit.Server.Tests;

/// <summary>Key policies and identity policies decide requests signed by the principals of the file, over HTTP with the AWS SDK.</summary>
public sealed class AuthorizationTests(AuthorizationFixture fixture) : IClassFixture<AuthorizationFixture>
{
    private const string RootStatement =
        """{ "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }""";

    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task only_one_role_decrypts_when_the_key_policy_denies_everyone_else_even_the_root()
    {
        using var root = Client(RootKey);
        using var app = Client(AppKey);
        var key = await CreateKey(root, RootStatement,
            """{ "Sid": "AppUses", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*" }""",
            """{ "Sid": "NobodyElseDecrypts", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "ArnNotEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/App" } } }""");

        var blob = (await app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = new MemoryStream([4, 2]) })).CiphertextBlob.ToArray();

        Assert.Equal([4, 2], (await app.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) })).Plaintext.ToArray());
        var denied = await KmsAssert.ThrowsCode("AccessDeniedException", () => root.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
        Assert.Equal(
            $"User: arn:aws:iam::{AccountA}:root is not authorized to perform: kms:Decrypt on resource: {key.Arn} with an explicit deny in a resource-based policy",
            denied.Message);
    }

    [Fact]
    public async Task a_role_in_account_b_decrypts_under_a_key_of_account_a_only_with_both_halves()
    {
        using var root = Client(RootKey);
        using var lambda = Client(LambdaKey);
        using var bareLambda = Client(BareLambdaKey);
        var shared = await CreateKey(root, RootStatement,
            """{ "Sid": "AccountB", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "kms:Decrypt", "Resource": "*" }""");
        var notShared = await CreateKey(root, RootStatement);
        var fromShared = await Encrypt(root, shared.Arn);
        var fromNotShared = await Encrypt(root, notShared.Arn);

        Assert.Equal([9], (await lambda.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(fromShared) })).Plaintext.ToArray());
        var noIdentity = await KmsAssert.ThrowsCode("AccessDeniedException", () => bareLambda.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(fromShared) }));
        Assert.EndsWith("because no identity-based policy allows the kms:Decrypt action", noIdentity.Message);
        var noKeyPolicy = await KmsAssert.ThrowsCode("AccessDeniedException", () => lambda.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(fromNotShared) }));
        Assert.EndsWith("because no resource-based policy allows the kms:Decrypt action", noKeyPolicy.Message);
    }

    [Theory]
    [InlineData("acme", true)]
    [InlineData("globex", false)]
    public async Task an_encryption_context_condition_allows_tenant_acme_and_denies_globex(string tenant, bool allowed)
    {
        using var root = Client(RootKey);
        using var app = Client(AppKey);
        var key = await CreateKey(root, RootStatement,
            """{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": { "StringEquals": { "kms:EncryptionContext:tenant": "acme" } } }""");
        var request = new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["tenant"] = tenant } };

        if (allowed)
        {
            Assert.Equal(32, (await app.GenerateDataKeyAsync(request)).Plaintext.Length);
        }
        else
        {
            await KmsAssert.ThrowsCode("AccessDeniedException", () => app.GenerateDataKeyAsync(request));
        }
    }

    [Fact]
    public async Task the_lockout_check_refuses_a_policy_that_locks_the_caller_out_and_the_bypass_accepts_it()
    {
        using var root = Client(RootKey);
        var key = await CreateKey(root, RootStatement);
        var lockout = Policy("""{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:*", "Resource": "*" }""");

        var refused = await KmsAssert.ThrowsCode("MalformedPolicyDocumentException",
            () => root.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.Arn, Policy = lockout }));
        Assert.Equal("The new key policy will not allow you to update the key policy in the future.", refused.Message);
        await root.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.Arn, Policy = lockout, BypassPolicyLockoutSafetyCheck = true });

        await KmsAssert.ThrowsCode("AccessDeniedException", () => root.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.Arn }));
    }

    [Fact]
    public async Task a_role_with_an_identity_policy_uses_a_key_with_the_default_policy_and_one_without_is_denied()
    {
        using var root = Client(RootKey);
        using var tenantApp = Client(TenantAppKey);
        using var app = Client(AppKey);
        var key = (await root.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        Assert.NotEmpty((await tenantApp.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = new MemoryStream([1]) })).CiphertextBlob.ToArray());
        var denied = await KmsAssert.ThrowsCode("AccessDeniedException", () => app.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }));
        Assert.Equal($"User: {AppArn} is not authorized to perform: kms:DescribeKey on resource: {key.Arn} because no identity-based policy allows the kms:DescribeKey action", denied.Message);
    }

    [Fact]
    public async Task a_policy_that_is_not_json_is_refused_and_the_default_policy_reads_back()
    {
        using var root = Client(RootKey);

        await KmsAssert.ThrowsCode("MalformedPolicyDocumentException", () => root.CreateKeyAsync(new CreateKeyRequest { Policy = "not json" }));
        var key = (await root.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var policy = await root.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.Arn, PolicyName = "default" });

        Assert.Contains("\"Enable IAM User Permissions\"", policy.Policy);
        Assert.Equal(["default"], (await root.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = key.Arn })).PolicyNames);
    }

    [Fact]
    public async Task a_key_policy_naming_a_principal_the_server_does_not_know_is_refused()
    {
        using var root = Client(RootKey);
        var named = """{ "Effect": "Allow", "Principal": { "AWS": "PRINCIPAL" }, "Action": "kms:Decrypt", "Resource": "*" }""";

        var refused = await KmsAssert.ThrowsCode("MalformedPolicyDocumentException",
            () => CreateKey(root, RootStatement, named.Replace("PRINCIPAL", "arn:aws:iam::111122223333:user/nobody", StringComparison.Ordinal)));
        Assert.Equal("Policy contains a statement with one or more invalid principals.", refused.Message);
        Assert.NotNull(await CreateKey(root, RootStatement, named.Replace("PRINCIPAL", AppArn, StringComparison.Ordinal)));
        Assert.NotNull(await CreateKey(root, RootStatement, named.Replace("PRINCIPAL", "arn:aws:iam::444455556666:role/Lambda", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task keys_belong_to_the_account_of_their_creator()
    {
        using var tenantApp = Client(TenantAppKey);
        using var lambda = Client(LambdaKey);

        var key = (await tenantApp.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;

        Assert.Equal(AccountA, key.AWSAccountId);
        await KmsAssert.ThrowsCode("NotFoundException", () => lambda.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }));
    }

    private AmazonKeyManagementServiceClient Client(string accessKey) => _server.Client("us-east-1", accessKey, Secret);

    private static string Policy(params string[] statements) =>
        $$"""{ "Version": "2012-10-17", "Statement": [ {{string.Join(", ", statements)}} ] }""";

    private static async Task<KeyMetadata> CreateKey(AmazonKeyManagementServiceClient kms, params string[] statements) =>
        (await kms.CreateKeyAsync(new CreateKeyRequest { Policy = Policy(statements) })).KeyMetadata;

    private static async Task<byte[]> Encrypt(AmazonKeyManagementServiceClient kms, string keyArn) =>
        (await kms.EncryptAsync(new EncryptRequest { KeyId = keyArn, Plaintext = new MemoryStream([9]) })).CiphertextBlob.ToArray();
}
