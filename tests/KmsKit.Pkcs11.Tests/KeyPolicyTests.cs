using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>Key policies and identity policies decide every request of the in-process engine, as in AWS.</summary>
[Collection(EngineCollection.Name)]
public sealed class KeyPolicyTests(EngineFixture fixture)
{
    private const string Account = "111122223333";
    private const string OtherAccount = "444455556666";
    private const string AppRole = "arn:aws:iam::111122223333:role/App";
    private const string OtherRole = "arn:aws:iam::111122223333:role/Other";
    private const string LambdaRole = "arn:aws:iam::444455556666:role/Lambda";

    private static readonly string AllowAllKms = """
        { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:*", "Resource": "*" } ] }
        """;

    private readonly Pkcs11Kms _root = fixture.Kms;

    [Fact]
    public async Task A_key_without_a_policy_gets_the_default_key_policy_named_default()
    {
        var key = await Create(_root);

        var policy = await _root.GetKeyPolicyAsync(key.KeyId, "default");
        Assert.Contains("\"Enable IAM User Permissions\"", policy.Policy);
        Assert.Contains($"arn:aws:iam::{Account}:root", policy.Policy);
        Assert.Equal(["default"], (await _root.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = key.KeyId })).PolicyNames);
        await KmsAssert.Throws<NotFoundException>("No such policy exists", () => _root.GetKeyPolicyAsync(key.KeyId, "other"));
    }

    [Fact]
    public async Task A_policy_that_is_not_json_is_a_malformed_policy_document()
    {
        await Assert.ThrowsAsync<MalformedPolicyDocumentException>(() => _root.CreateKeyAsync(new CreateKeyRequest { Policy = "not json" }));
    }

    [Fact]
    public async Task The_lockout_check_refuses_a_policy_that_locks_the_caller_out_and_the_bypass_accepts_it()
    {
        var denyAll = KeyPolicy("""{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Decrypt", "Resource": "*" }""");

        await KmsAssert.Throws<MalformedPolicyDocumentException>("The new key policy will not allow you to update the key policy in the future.",
            () => _root.CreateKeyAsync(new CreateKeyRequest { Policy = denyAll }));
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = denyAll, BypassPolicyLockoutSafetyCheck = true })).KeyMetadata;

        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => _root.DescribeKeyAsync(key.KeyId));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains("because no resource-based policy allows the kms:DescribeKey action", denied.Message);
    }

    [Fact]
    public async Task Put_key_policy_replaces_the_policy_and_checks_lockout()
    {
        var key = await Create(_root);
        var onlyApp = KeyPolicy("""{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:*", "Resource": "*" }""");

        await KmsAssert.Throws<MalformedPolicyDocumentException>("The new key policy will not allow you to update the key policy in the future.",
            () => _root.PutKeyPolicyAsync(key.KeyId, onlyApp, "default"));
        var keep = KeyPolicy(RootStatement, """{ "Sid": "App", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Encrypt", "Resource": "*" }""");
        await _root.PutKeyPolicyAsync(key.KeyId, keep, "default");

        Assert.Equal(keep, (await _root.GetKeyPolicyAsync(key.KeyId, "default")).Policy);
    }

    [Fact]
    public async Task Only_one_role_decrypts_when_the_key_policy_denies_everyone_else_even_the_root()
    {
        var policy = KeyPolicy(
            RootStatement,
            """{ "Sid": "AppUses", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*" }""",
            """{ "Sid": "NobodyElseDecrypts", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "ArnNotEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/App" } } }""");
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = policy })).KeyMetadata;
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole));
        using var other = fixture.Kms.Core.For(new KmsPrincipal(OtherRole) { IdentityPolicies = [AllowAllKms] });

        var ciphertext = (await app.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1, 2, 3) })).CiphertextBlob;
        Assert.Equal([1, 2, 3], (await app.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(ciphertext) })).Plaintext.ToArray());

        var rootDenied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => _root.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(ciphertext) }));
        Assert.Contains("with an explicit deny in a resource-based policy", rootDenied.Message);
        Assert.Contains("key policy statement 2 (Sid NobodyElseDecrypts, Deny)", (string)rootDenied.Data[Pkcs11Kms.DecidedByDataKey]!);
        var otherDenied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => other.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(ciphertext) }));
        Assert.Equal("AccessDeniedException", otherDenied.ErrorCode);
    }

    [Fact]
    public async Task A_role_of_the_account_needs_an_identity_policy_when_the_key_policy_delegates_to_the_account()
    {
        var key = await Create(_root);
        using var without = fixture.Kms.Core.For(new KmsPrincipal(AppRole));
        using var with = fixture.Kms.Core.For(new KmsPrincipal(AppRole) { IdentityPolicies = [AllowAllKms] });

        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => without.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) }));
        Assert.Contains("because no identity-based policy allows the kms:Encrypt action", denied.Message);
        Assert.NotNull((await with.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) })).CiphertextBlob);
    }

    [Fact]
    public async Task A_role_in_another_account_decrypts_only_with_both_halves_of_the_cross_account_configuration()
    {
        var shared = KeyPolicy(RootStatement,
            """{ "Sid": "AccountB", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "kms:Decrypt", "Resource": "*" }""");
        var sharedKey = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = shared })).KeyMetadata;
        var privateKey = await Create(_root);
        var identity = """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/*" } ] }""";
        using var lambda = fixture.Kms.Core.For(new KmsPrincipal(LambdaRole) { IdentityPolicies = [identity] });
        using var lambdaWithoutPolicy = fixture.Kms.Core.For(new KmsPrincipal(LambdaRole));

        var fromShared = (await _root.EncryptAsync(new EncryptRequest { KeyId = sharedKey.KeyId, Plaintext = Bytes(7) })).CiphertextBlob;
        var fromPrivate = (await _root.EncryptAsync(new EncryptRequest { KeyId = privateKey.KeyId, Plaintext = Bytes(7) })).CiphertextBlob;

        Assert.Equal([7], (await lambda.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(fromShared), KeyId = sharedKey.Arn })).Plaintext.ToArray());
        await AssertDenied("no identity-based policy allows", () => lambdaWithoutPolicy.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(fromShared) }));
        await AssertDenied("no resource-based policy allows", () => lambda.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(fromPrivate) }));
    }

    [Fact]
    public async Task Another_account_may_not_schedule_deletion_even_when_the_key_policy_grants_it_everything()
    {
        var everything = KeyPolicy(RootStatement,
            """{ "Sid": "AccountB", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "kms:*", "Resource": "*" }""");
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = everything })).KeyMetadata;
        using var otherRoot = fixture.Kms.Core.For(KmsPrincipal.AccountRoot(OtherAccount));

        Assert.Equal(key.KeyId, (await otherRoot.DescribeKeyAsync(key.Arn)).KeyMetadata.KeyId);
        await AssertDenied($"is not authorized to perform: kms:ScheduleKeyDeletion on resource: {key.Arn} because no resource-based policy allows the kms:ScheduleKeyDeletion action",
            () => otherRoot.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.Arn, PendingWindowInDays = 7 }));
        await AssertDenied("because no resource-based policy allows the kms:PutKeyPolicy action",
            () => otherRoot.PutKeyPolicyAsync(key.Arn, everything, "default"));
        Assert.Equal(KeyState.Enabled, (await _root.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task A_request_alias_condition_allows_the_key_named_by_that_alias_only()
    {
        var alias = "alias/app-" + Guid.NewGuid().ToString("N");
        var policy = KeyPolicy(RootStatement,
            $$"""{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Encrypt", "Resource": "*", "Condition": { "StringEquals": { "kms:RequestAlias": "{{alias}}" } } }""");
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = policy })).KeyMetadata;
        await _root.CreateAliasAsync(alias, key.KeyId);
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole));

        Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = Bytes(1) })).CiphertextBlob);
        Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = $"arn:aws:kms:us-east-1:{Account}:{alias}", Plaintext = Bytes(1) })).CiphertextBlob);
        await AssertDenied("no identity-based policy allows", () => app.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        await AssertDenied("no identity-based policy allows", () => app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) }));
    }

    [Fact]
    public async Task A_via_service_condition_holds_only_for_requests_made_through_that_service()
    {
        var policy = KeyPolicy(RootStatement,
            """{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Encrypt", "Resource": "*", "Condition": { "StringEquals": { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } }""");
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = policy })).KeyMetadata;
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole));

        await AssertDenied("no identity-based policy allows", () => app.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        using (KmsRequestContext.Begin(new KmsRequestContext(null, SecureTransport: true) { ViaService = "secretsmanager.us-east-1.amazonaws.com" }))
        {
            Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) })).CiphertextBlob);
        }

        using (KmsRequestContext.Begin(new KmsRequestContext(null, SecureTransport: true) { ViaService = "s3.us-east-1.amazonaws.com" }))
        {
            await AssertDenied("no identity-based policy allows", () => app.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        }
    }

    [Theory]
    [InlineData("acme", true)]
    [InlineData("globex", false)]
    public async Task An_encryption_context_condition_allows_one_tenant_and_denies_another(string tenant, bool allowed)
    {
        var policy = KeyPolicy(RootStatement,
            """{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*", "Condition": { "StringEquals": { "kms:EncryptionContext:tenant": "acme" } } }""");
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = policy })).KeyMetadata;
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole));
        var request = new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), EncryptionContext = new() { ["tenant"] = tenant } };

        if (allowed)
        {
            Assert.NotNull((await app.EncryptAsync(request)).CiphertextBlob);
        }
        else
        {
            await AssertDenied("is not authorized to perform: kms:Encrypt", () => app.EncryptAsync(request));
        }
    }

    [Fact]
    public async Task An_account_level_action_is_decided_by_identity_policies_alone()
    {
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole));
        using var admin = fixture.Kms.Core.For(new KmsPrincipal(AppRole) { IdentityPolicies = [AllowAllKms] });

        await AssertDenied("because no identity-based policy allows the kms:CreateKey action", () => app.CreateKeyAsync(new CreateKeyRequest()));
        var key = (await admin.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        Assert.Equal(Account, key.AWSAccountId);
    }

    [Fact]
    public async Task A_tag_condition_on_the_key_is_read_from_its_tags()
    {
        var identity = """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*", "Condition": { "StringEquals": { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } } } ] }""";
        var payments = (await _root.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "team", TagValue = "payments" }] })).KeyMetadata;
        var billing = (await _root.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "team", TagValue = "billing" }] })).KeyMetadata;
        using var app = fixture.Kms.Core.For(new KmsPrincipal(AppRole) { IdentityPolicies = [identity], Tags = new Dictionary<string, string> { ["team"] = "payments" } });

        Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = payments.Arn, Plaintext = Bytes(1) })).CiphertextBlob);
        await AssertDenied("no identity-based policy allows", () => app.EncryptAsync(new EncryptRequest { KeyId = billing.Arn, Plaintext = Bytes(1) }));
    }

    private const string RootStatement =
        """{ "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }""";

    private static string KeyPolicy(params string[] statements) =>
        $$"""{ "Version": "2012-10-17", "Statement": [ {{string.Join(", ", statements)}} ] }""";

    private static MemoryStream Copy(MemoryStream stream) => new(stream.ToArray());

    private static async Task AssertDenied(string reason, Func<Task> operation)
    {
        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(operation);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains(reason, denied.Message);
    }
}
