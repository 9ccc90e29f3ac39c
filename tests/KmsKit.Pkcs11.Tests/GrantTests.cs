using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using Microsoft.Data.Sqlite;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant on the engine, with AWS's validation.</summary>
[Collection(EngineCollection.Name)]
public sealed class GrantTests(EngineFixture fixture)
{
    private const string Account = "111122223333";
    private const string AppRole = "arn:aws:iam::111122223333:role/App";
    private const string BobUser = "arn:aws:iam::111122223333:user/Bob";
    private const string LambdaRole = "arn:aws:iam::444455556666:role/Lambda";

    private static readonly string AllowAllKms = """
        { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:*", "Resource": "*" } ] }
        """;

    private readonly Pkcs11Kms _root = fixture.Kms;

    [Fact]
    public async Task Create_grant_answers_an_id_and_a_token_and_list_grants_shows_the_grant()
    {
        var key = await Create(_root);

        var created = await _root.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = AppRole,
            RetiringPrincipal = BobUser,
            Operations = ["Encrypt", "Decrypt", "Encrypt"],
            Constraints = new GrantConstraints { EncryptionContextSubset = new() { ["tenant"] = "acme" } },
            Name = "app-decrypt",
        });

        Assert.Matches("^[0-9a-f]{64}$", created.GrantId);
        Assert.False(string.IsNullOrEmpty(created.GrantToken));
        var grant = Assert.Single((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants);
        Assert.Equal(key.Arn, grant.KeyId);
        Assert.Equal(created.GrantId, grant.GrantId);
        Assert.Equal("app-decrypt", grant.Name);
        Assert.Equal(AppRole, grant.GranteePrincipal);
        Assert.Equal(BobUser, grant.RetiringPrincipal);
        Assert.Equal($"arn:aws:iam::{Account}:root", grant.IssuingAccount);
        Assert.Equal(["Decrypt", "Encrypt"], grant.Operations);
        Assert.Equal("acme", grant.Constraints.EncryptionContextSubset["tenant"]);
        Assert.Null(grant.Constraints.EncryptionContextEquals);
        Assert.Equal(fixture.Time.GetUtcNow().UtcDateTime, grant.CreationDate!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_grantee_uses_exactly_the_operations_of_its_grant_at_once_with_or_without_its_token()
    {
        var key = await Create(_root);
        using var app = fixture.Kms.Core.For(AppRole);
        await AssertDenied("kms:Encrypt", () => app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) }));

        var grant = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Encrypt", "Decrypt"] });

        var ciphertext = (await app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1), GrantTokens = [grant.GrantToken] })).CiphertextBlob;
        Assert.Equal([1], (await app.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext })).Plaintext.ToArray());
        await AssertDenied("kms:GenerateDataKey", () => app.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 }));
        await AssertDenied("kms:DescribeKey", () => app.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }));
    }

    [Fact]
    public async Task A_malformed_grant_token_is_refused_and_a_token_of_another_key_proves_nothing()
    {
        var key = await Create(_root);
        var other = await Create(_root);
        var otherGrant = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = other.KeyId, GranteePrincipal = AppRole, Operations = ["Encrypt"] });
        using var app = fixture.Kms.Core.For(AppRole);

        await KmsAssert.Throws<InvalidGrantTokenException>("The grant token is not valid.",
            () => _root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), GrantTokens = ["not-a-token"] }));
        await KmsAssert.Throws<InvalidGrantTokenException>("The grant token is not valid.",
            () => _root.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId, GrantTokens = [Convert.ToBase64String(new byte[40])] }));
        await KmsAssert.Validation(
            $"1 validation error detected: Value '[{string.Join(", ", Enumerable.Repeat(otherGrant.GrantToken, 11))}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10",
            () => _root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), GrantTokens = [.. Enumerable.Repeat(otherGrant.GrantToken, 11)] }));

        // The same token list may go with every request: another key's token is accepted, and allows nothing on this key.
        Assert.NotNull((await _root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), GrantTokens = [otherGrant.GrantToken] })).CiphertextBlob);
        await AssertDenied("kms:Encrypt", () => app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1), GrantTokens = [otherGrant.GrantToken] }));
    }

    [Fact]
    public async Task The_same_named_request_returns_the_same_grant_with_a_new_token_and_a_changed_one_makes_a_new_grant()
    {
        var key = await Create(_root);
        var request = new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "Encrypt"], Name = "retry-me" };

        var first = await _root.CreateGrantAsync(request);
        var retry = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.Arn, GranteePrincipal = AppRole, Operations = ["Encrypt", "Decrypt"], Name = "retry-me" });
        var changed = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], Name = "retry-me" });
        var unnamed = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "Encrypt"] });
        var unnamedAgain = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "Encrypt"] });

        Assert.Equal(first.GrantId, retry.GrantId);
        Assert.NotEqual(first.GrantToken, retry.GrantToken);
        Assert.NotEqual(first.GrantId, changed.GrantId);
        Assert.NotEqual(unnamed.GrantId, unnamedAgain.GrantId);
        Assert.Equal(4, (await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants.Count);

        // Every token of a grant retires it.
        await _root.RetireGrantAsync(retry.GrantToken);
        Assert.Equal(3, (await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants.Count);
    }

    [Theory]
    [InlineData("RSA_2048", "ENCRYPT_DECRYPT", "GenerateDataKey")]
    [InlineData("RSA_2048", "ENCRYPT_DECRYPT", "Sign")]
    [InlineData("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Sign")]
    [InlineData("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "GetPublicKey")]
    [InlineData("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "GenerateMac")]
    [InlineData("ECC_NIST_P256", "SIGN_VERIFY", "Decrypt")]
    [InlineData("HMAC_256", "GENERATE_VERIFY_MAC", "Encrypt")]
    [InlineData("ECC_NIST_P256", "KEY_AGREEMENT", "Sign")]
    public async Task Operations_the_key_does_not_support_are_a_validation_error(string spec, string usage, string operation)
    {
        var key = await Create(_root, spec, usage);

        await KmsAssert.Validation($"{key.Arn} (KeySpec {spec}, KeyUsage {usage}) does not support the grant operation {operation}.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["DescribeKey", operation] }));
        Assert.Empty((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants);
    }

    [Theory]
    [InlineData("RSA_2048", "ENCRYPT_DECRYPT", "Decrypt,Encrypt,ReEncryptFrom,ReEncryptTo,GetPublicKey,DescribeKey,CreateGrant,RetireGrant")]
    [InlineData("ECC_NIST_P384", "SIGN_VERIFY", "Sign,Verify,GetPublicKey,DescribeKey,RetireGrant")]
    [InlineData("HMAC_512", "GENERATE_VERIFY_MAC", "GenerateMac,VerifyMac,DescribeKey")]
    [InlineData("ECC_NIST_P256", "KEY_AGREEMENT", "DeriveSharedSecret,GetPublicKey")]
    [InlineData("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Decrypt,Encrypt,GenerateDataKey,GenerateDataKeyWithoutPlaintext,GenerateDataKeyPair,GenerateDataKeyPairWithoutPlaintext,ReEncryptFrom,ReEncryptTo,DescribeKey,CreateGrant,RetireGrant")]
    public async Task Each_kind_of_key_takes_its_grant_operations(string spec, string usage, string operations)
    {
        var key = await Create(_root, spec, usage);

        var grant = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = [.. operations.Split(',')] });

        Assert.Equal(operations.Split(',').Order(), (await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = grant.GrantId })).Grants.Single().Operations.Order());
    }

    [Fact]
    public async Task Malformed_requests_are_refused_with_the_api_models_constraints()
    {
        var key = await Create(_root);
        var (spacedGrantee, spacedName) = ("app role", "my grant"); // not constants: the SDK's analyzer refuses those

        await KmsAssert.Validation(
            "1 validation error detected: Value '[Decrypt, Delete]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac, DeriveSharedSecret]]",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "Delete"] }));
        await KmsAssert.Validation("1 validation error detected: Value null at 'operations' failed to satisfy constraint: Member must not be null",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole }));
        await KmsAssert.Validation(
            "2 validation errors detected: Value 'app role' at 'granteePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@:/-]+$; Value 'my grant' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = spacedGrantee, Operations = ["Decrypt"], Name = spacedName }));
        await KmsAssert.Validation("A grant needs a GranteePrincipal: the ARN of the principal that gets its permissions.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, Operations = ["Decrypt"] }));
        await KmsAssert.Validation(
            "GranteePrincipal 'app' is not a principal: use the ARN of an AWS account (root), an IAM user or role, an assumed-role session, or a service principal.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = "app", Operations = ["Decrypt"] }));
        await KmsAssert.Validation("Grants must not contain only the CreateGrant operation.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["CreateGrant"] }));
        await KmsAssert.Validation("A grant must allow at least one operation.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = [] }));
        await KmsAssert.Throws<NotFoundException>("Invalid keyId 'invalid'",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = "invalid", GranteePrincipal = AppRole, Operations = ["Decrypt"] }));
        await KmsAssert.Throws<NotFoundException>("Invalid keyId 'invalid'", () => _root.ListGrantsAsync(new ListGrantsRequest { KeyId = "invalid" }));
        await KmsAssert.Throws<UnsupportedOperationException>(
            "GranteeServicePrincipal, RetiringServicePrincipal and the SourceArn grant constraint are not supported by the PKCS#11 engine: name a service principal in GranteePrincipal or RetiringPrincipal instead.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteeServicePrincipal = "s3.amazonaws.com", Operations = ["Decrypt"] }));
        Assert.Empty((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants);
    }

    [Fact]
    public async Task Encryption_context_constraints_go_only_with_operations_that_take_an_encryption_context()
    {
        var symmetric = await Create(_root);
        var rsa = await Create(_root, "RSA_2048", "ENCRYPT_DECRYPT");
        var subset = new GrantConstraints { EncryptionContextSubset = new() { ["tenant"] = "acme" } };

        await KmsAssert.Validation(
            $"Encryption context grant constraints are supported only on grant operations that take an encryption context; on {rsa.Arn} Decrypt does not.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = rsa.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "DescribeKey"], Constraints = subset }));
        // DescribeKey, RetireGrant and CreateGrant may go with a constraint, which does not apply to them.
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = symmetric.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "DescribeKey", "RetireGrant", "CreateGrant"], Constraints = subset });
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = rsa.KeyId, GranteePrincipal = AppRole, Operations = ["DescribeKey"], Constraints = subset });
    }

    [Fact]
    public async Task Constraints_have_at_most_eight_pairs_and_values_of_at_most_384_characters()
    {
        var key = await Create(_root);
        var nine = Enumerable.Range(0, 9).ToDictionary(i => $"k{i}", i => "v");

        await KmsAssert.Validation("EncryptionContextEquals has 9 encryption context pairs: a grant constraint can include at most 8.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], Constraints = new() { EncryptionContextEquals = nine } }));
        await KmsAssert.Validation("An encryption context value in EncryptionContextSubset exceeds 384 characters, the most a grant constraint allows.",
            () => _root.CreateGrantAsync(new CreateGrantRequest
            {
                KeyId = key.KeyId,
                GranteePrincipal = AppRole,
                Operations = ["Decrypt"],
                Constraints = new() { EncryptionContextSubset = new() { ["k"] = new string('v', 385) } },
            }));
        await _root.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = AppRole,
            Operations = ["Decrypt"],
            Constraints = new() { EncryptionContextSubset = new() { ["k"] = new string('v', 384) }, EncryptionContextEquals = nine.Take(8).ToDictionary() },
        });
    }

    [Fact]
    public async Task Both_constraints_apply_together()
    {
        var key = await Create(_root);
        var context = new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "backup" };
        await _root.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = AppRole,
            Operations = ["Encrypt"],
            Constraints = new() { EncryptionContextEquals = new(context), EncryptionContextSubset = new() { ["TENANT"] = "acme" } },
        });
        using var app = fixture.Kms.Core.For(AppRole);

        Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1), EncryptionContext = new(context) })).CiphertextBlob);
        await AssertDenied("kms:Encrypt",
            () => app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1), EncryptionContext = new() { ["tenant"] = "acme" } }));
    }

    [Fact]
    public async Task List_grants_filters_by_grant_id_and_grantee_and_pages_with_limit_and_marker()
    {
        var key = await Create(_root);
        var ids = new List<string>();
        foreach (var grantee in new[] { AppRole, BobUser, AppRole, LambdaRole, AppRole })
        {
            ids.Add((await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = grantee, Operations = ["Decrypt"] })).GrantId);
        }

        Assert.Equal(ids[1], Assert.Single((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = ids[1] })).Grants).GrantId);
        Assert.Equal([ids[0], ids[2], ids[4]], (await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.Arn, GranteePrincipal = AppRole })).Grants.Select(g => g.GrantId));
        Assert.Empty((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = new string('0', 64) })).Grants);

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = 2, Marker = marker });
            Assert.True(page.Grants.Count <= 2);
            Assert.Equal(page.Truncated == true, page.NextMarker is not null);
            seen.AddRange(page.Grants.Select(g => g.GrantId));
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal(ids, seen);
        var tooMany = ids.Count + 996;
        await KmsAssert.Throws<InvalidMarkerException>("Invalid marker", () => _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Marker = "abc" }));
        await KmsAssert.Throws<InvalidGrantIdException>("Invalid grant ID 'nope'.", () => _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = "nope" }));
        await KmsAssert.Validation("1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
            () => _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = tooMany }));
    }

    [Fact]
    public async Task List_retirable_grants_finds_the_grants_of_a_retiring_principal_on_every_key_of_the_region()
    {
        var retiring = $"arn:aws:iam::{Account}:role/Retirer-{Guid.NewGuid():N}";
        var mine = await Create(_root);
        using var otherRoot = fixture.Kms.Core.For("arn:aws:iam::444455556666:root");
        var theirs = await Create(otherRoot);
        var first = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = mine.KeyId, GranteePrincipal = AppRole, RetiringPrincipal = retiring, Operations = ["Decrypt"] });
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = mine.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] });
        var second = await otherRoot.CreateGrantAsync(new CreateGrantRequest { KeyId = theirs.KeyId, GranteePrincipal = AppRole, RetiringPrincipal = retiring, Operations = ["Encrypt"] });

        var listed = (await _root.ListRetirableGrantsAsync(retiring)).Grants;

        Assert.Equal([first.GrantId, second.GrantId], listed.Select(g => g.GrantId));
        Assert.Equal([mine.Arn, theirs.Arn], listed.Select(g => g.KeyId));
        Assert.Equal("arn:aws:iam::444455556666:root", listed[1].IssuingAccount);
        var page = await _root.ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = retiring, Limit = 1 });
        Assert.True(page.Truncated);
        Assert.Equal(second.GrantId, Assert.Single((await _root.ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = retiring, Marker = page.NextMarker })).Grants).GrantId);

        // The retiring principal retires the grant on the other account's key, then it is gone from the list.
        using var retirer = fixture.Kms.Core.For(retiring);
        await retirer.RetireGrantAsync(new RetireGrantRequest { KeyId = theirs.Arn, GrantId = second.GrantId });
        Assert.Equal([first.GrantId], (await _root.ListRetirableGrantsAsync(retiring)).Grants.Select(g => g.GrantId));
        await KmsAssert.Validation("ListRetirableGrants needs a RetiringPrincipal: the ARN of a principal in your account.", () => _root.ListRetirableGrantsAsync());
        await AssertDenied("kms:ListRetirableGrants", () => _root.ListRetirableGrantsAsync(LambdaRole));
    }

    [Fact]
    public async Task Retire_grant_identifies_the_grant_by_token_or_by_key_and_grant_id()
    {
        var key = await Create(_root);
        var other = await Create(_root);
        var byToken = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt", "RetireGrant"] });
        var byId = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], RetiringPrincipal = BobUser });
        using var app = fixture.Kms.Core.For(AppRole);
        using var bob = fixture.Kms.Core.For(BobUser);

        await KmsAssert.Validation("Identify the grant to retire by its GrantToken, or by both KeyId and GrantId.",
            () => app.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn }));
        await KmsAssert.Throws<InvalidGrantTokenException>("The grant token is not valid.", () => app.RetireGrantAsync("garbage"));
        await KmsAssert.Throws<InvalidGrantTokenException>("The grant token does not belong to the KMS key or grant ID the request names.",
            () => app.RetireGrantAsync(new RetireGrantRequest { GrantToken = byToken.GrantToken, KeyId = other.Arn }));
        await KmsAssert.Throws<InvalidGrantIdException>("Invalid grant ID 'x'.", () => bob.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = "x" }));
        await KmsAssert.Throws<NotFoundException>($"Grant '{byId.GrantId}' does not exist for key '{other.Arn}'",
            () => bob.RetireGrantAsync(new RetireGrantRequest { KeyId = other.Arn, GrantId = byId.GrantId }));
        await KmsAssert.Throws<DryRunOperationException>("The request would have succeeded, but the DryRun option is set.",
            () => app.RetireGrantAsync(new RetireGrantRequest { GrantToken = byToken.GrantToken, DryRun = true }));

        await app.RetireGrantAsync(byToken.GrantToken);
        await bob.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = byId.GrantId });

        Assert.Empty((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants);
        var ciphertext = (await _root.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(9) })).CiphertextBlob;
        await AssertDenied("kms:Decrypt", () => app.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext }));
        await KmsAssert.Throws<NotFoundException>($"Grant '{byToken.GrantId}' does not exist for key '{key.Arn}'", () => app.RetireGrantAsync(byToken.GrantToken));
    }

    [Fact]
    public async Task Revoke_grant_removes_the_grant_and_its_permissions_and_needs_kms_revoke_grant()
    {
        var key = await Create(_root);
        var grant = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Encrypt", "RetireGrant"] });
        using var app = fixture.Kms.Core.For(AppRole);
        Assert.NotNull((await app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) })).CiphertextBlob);

        await AssertDenied("kms:RevokeGrant", () => app.RevokeGrantAsync(grant.GrantId, key.Arn));
        await KmsAssert.Throws<DryRunOperationException>("The request would have succeeded, but the DryRun option is set.",
            () => _root.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = grant.GrantId, DryRun = true }));
        await KmsAssert.Throws<InvalidGrantIdException>("Invalid grant ID 'abc'.", () => _root.RevokeGrantAsync("abc", key.KeyId));
        await KmsAssert.Validation("1 validation error detected: Value null at 'grantId' failed to satisfy constraint: Member must not be null",
            () => _root.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId }));
        await _root.RevokeGrantAsync(grant.GrantId, key.KeyId);

        await AssertDenied("kms:Encrypt", () => app.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) }));
        await KmsAssert.Throws<NotFoundException>($"Grant '{grant.GrantId}' does not exist for key '{key.Arn}'", () => _root.RevokeGrantAsync(grant.GrantId, key.KeyId));
    }

    [Fact]
    public async Task A_dry_run_create_grant_makes_no_grant()
    {
        var key = await Create(_root);

        await KmsAssert.Throws<DryRunOperationException>("The request would have succeeded, but the DryRun option is set.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], DryRun = true }));

        Assert.Empty((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants);
    }

    [Fact]
    public async Task Grants_follow_the_key_state_table()
    {
        var disabled = await Create(_root);
        await _root.DisableKeyAsync(disabled.KeyId);
        var pending = await Create(_root);
        var grant = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = pending.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] });
        await _root.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = pending.KeyId, PendingWindowInDays = 30 });

        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = disabled.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] });
        await KmsAssert.Throws<KMSInvalidStateException>($"{pending.Arn} is pending deletion.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = pending.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] }));
        Assert.Single((await _root.ListGrantsAsync(new ListGrantsRequest { KeyId = pending.KeyId })).Grants);
        await _root.RevokeGrantAsync(grant.GrantId, pending.KeyId);
    }

    [Fact]
    public async Task A_grant_to_an_account_lets_its_principals_whose_iam_policies_allow_and_the_root()
    {
        var key = await Create(_root);
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = "arn:aws:iam::444455556666:root", Operations = ["Encrypt"] });
        using var otherRoot = fixture.Kms.Core.For("arn:aws:iam::444455556666:root");
        using var lambda = fixture.Kms.Core.For(LambdaRole);
        using var lambdaWithPolicy = fixture.Kms.Core.For(new KmsPrincipal(LambdaRole) { IdentityPolicies = [AllowAllKms] });

        Assert.NotNull((await otherRoot.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) })).CiphertextBlob);
        Assert.NotNull((await lambdaWithPolicy.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) })).CiphertextBlob);
        await AssertDenied("kms:Encrypt", () => lambda.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1) }));
    }

    [Fact]
    public async Task Grant_is_for_aws_resource_is_true_only_when_an_integrated_service_calls_on_the_principals_behalf()
    {
        var policy = $$"""
            { "Version": "2012-10-17", "Statement": [
              { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::{{Account}}:root" }, "Action": "kms:*", "Resource": "*" },
              { "Effect": "Allow", "Principal": { "AWS": "{{AppRole}}" }, "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*",
                "Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } } } ] }
            """;
        var key = (await _root.CreateKeyAsync(new CreateKeyRequest { Policy = policy })).KeyMetadata;
        using var app = fixture.Kms.Core.For(AppRole);
        var request = new CreateGrantRequest { KeyId = key.Arn, GranteePrincipal = "ec2.amazonaws.com", Operations = ["Decrypt"] };

        await AssertDenied("kms:CreateGrant", () => app.CreateGrantAsync(request));
        await AssertDenied("kms:ListGrants", () => app.ListGrantsAsync(new ListGrantsRequest { KeyId = key.Arn }));
        using (KmsRequestContext.Begin(new KmsRequestContext(null, SecureTransport: true) { ViaService = "ec2.us-east-1.amazonaws.com" }))
        {
            var grant = await app.CreateGrantAsync(request);
            Assert.Single((await app.ListGrantsAsync(new ListGrantsRequest { KeyId = key.Arn })).Grants);
            await app.RevokeGrantAsync(grant.GrantId, key.Arn);
        }
    }

    [Fact]
    public async Task A_grant_to_a_service_principal_lets_that_service_use_the_key()
    {
        var key = await Create(_root);
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = "dynamodb.amazonaws.com", Operations = ["GenerateDataKey"] });
        using var dynamo = fixture.Kms.Core.For("dynamodb.amazonaws.com");
        using var s3 = fixture.Kms.Core.For("s3.amazonaws.com");

        Assert.NotNull((await dynamo.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 })).CiphertextBlob);
        await AssertDenied("kms:GenerateDataKey", () => s3.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 }));
    }

    [Fact]
    public async Task A_grant_is_deleted_with_its_key()
    {
        var key = await Create(_root);
        var retiring = $"arn:aws:iam::{Account}:role/Cleaner-{Guid.NewGuid():N}";
        await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, RetiringPrincipal = retiring, Operations = ["Decrypt"] });
        await _root.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 });

        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<NotFoundException>(() => _root.DescribeKeyAsync(key.KeyId));

        Assert.Empty((await _root.ListRetirableGrantsAsync(retiring)).Grants);
    }

    [Fact]
    public async Task Simulation_names_the_grant_that_allows_when_no_policy_does()
    {
        var key = await Create(_root);
        var grant = await _root.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = AppRole,
            Operations = ["Decrypt"],
            Name = "app-reads",
            Constraints = new() { EncryptionContextSubset = new() { ["tenant"] = "acme" } },
        });

        var allowed = _root.SimulateAccess("kms:Decrypt", key.KeyId, new Dictionary<string, string> { ["tenant"] = "acme" }, new KmsPrincipal(AppRole));
        var denied = _root.SimulateAccess("kms:Decrypt", key.KeyId, new Dictionary<string, string> { ["tenant"] = "globex" }, new KmsPrincipal(AppRole));

        Assert.True(allowed.IsAllowed);
        Assert.Equal("allowed by a grant", allowed.Summary);
        Assert.Empty(allowed.DecidingStatements);
        Assert.Equal(grant.GrantId, allowed.DecidingGrant!.GrantId);
        Assert.Equal($"grant {grant.GrantId} \"app-reads\" for {AppRole}: Decrypt; EncryptionContextSubset {{tenant=acme}}", allowed.DecidingGrant.Location);
        Assert.False(denied.IsAllowed);
        Assert.Null(denied.DecidingGrant);
    }

    [Fact]
    public async Task The_grants_per_key_quota_is_fifty_thousand_and_a_named_retry_still_answers()
    {
        var key = await Create(_root);
        var named = await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], Name = "kept" });
        AddGrantsDirectly(key, 50_000 - 1);

        await KmsAssert.Throws<LimitExceededException>(
            $"{key.Arn} has 50000 grants, the most a KMS key may have (grants per KMS key quota). Retire or revoke grants first.",
            () => _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] }));
        Assert.Equal(named.GrantId, (await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"], Name = "kept" })).GrantId);

        await _root.RevokeGrantAsync(named.GrantId, key.KeyId);
        Assert.NotNull((await _root.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AppRole, Operations = ["Decrypt"] })).GrantId);
    }

    private static async Task AssertDenied(string action, Func<Task> request)
    {
        var denied = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(request);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains($"is not authorized to perform: {action}", denied.Message);
    }

    /// <summary>Grants written straight into the fixture's store in one transaction: making 50,000 through the API would take minutes.</summary>
    private void AddGrantsDirectly(KeyMetadata key, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Folder, "kms.db")}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO grants (grant_id, key_id, account_id, region, name, created_at, grantee_principal, grantee_account, retiring_principal,
                issuing_account, operations, constraints)
            VALUES ($id, $key, '111122223333', 'us-east-1', NULL, 0, 'arn:aws:iam::111122223333:role/Filler', '111122223333', NULL,
                'arn:aws:iam::111122223333:root', 'Decrypt', NULL)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.AddWithValue("$key", key.KeyId);
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
