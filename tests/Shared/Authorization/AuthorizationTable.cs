using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Tests.Authorization;

/// <summary>
/// Runs a row against any <see cref="IAmazonKeyManagementService"/> per caller (the engine's facades, or SDK
/// clients signed for the server): the key's account root makes the key, encrypts when the request needs a
/// ciphertext, gives the alias, makes a second key with its own alias when the request needs one, makes the row's
/// grants, then puts the row's key policy; the row's caller sends the request.
/// </summary>
public static class AuthorizationTable
{
    public static async Task RunAsync(AuthorizationCase row, Func<CastMember, IAmazonKeyManagementService> clientOf)
    {
        var key = row.Request.AccountLevel ? null : await MakeKeyAsync(row, clientOf(RootOf(row.KeyAccount)));
        var send = () => row.Request.Send(clientOf(row.Caller), key!);

        if (row.Expected == Expected.Allowed)
        {
            await send();
            return;
        }

        var denied = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(send);
        Assert.True(denied.ErrorCode == "AccessDeniedException", $"{row.Name}: expected AccessDeniedException, got {denied.ErrorCode}: {denied.Message}");
        Assert.Equal(row.DeniedMessage(row.Request.DeniedResource?.Invoke(key) ?? key?.Arn ?? "*"), denied.Message);
    }

    private static CastMember RootOf(string account) =>
        account == AuthorizationCast.AccountA ? AuthorizationCast.RootA : AuthorizationCast.RootB;

    private static async Task<KeyUnderTest> MakeKeyAsync(AuthorizationCase row, IAmazonKeyManagementService owner)
    {
        var created = (await owner.CreateKeyAsync(new CreateKeyRequest
        {
            KeySpec = row.KeySpec,
            KeyUsage = row.KeyUsage,
            Tags = row.KeyTags?.Select(tag => new Tag { TagKey = tag.Key, TagValue = tag.Value }).ToList(),
        })).KeyMetadata;
        var key = new KeyUnderTest(created.Arn, created.KeyId, created.AWSAccountId);

        if (row.Request.Ciphertext)
        {
            var encrypted = await owner.EncryptAsync(new EncryptRequest
            {
                KeyId = key.Arn,
                Plaintext = new MemoryStream([4, 2]),
                EncryptionContext = row.Request.CiphertextContext,
                EncryptionAlgorithm = row.Request.CiphertextAlgorithm,
            });
            key = key with { Ciphertext = encrypted.CiphertextBlob.ToArray() };
        }

        if (row.KeyHasAlias)
        {
            key = key with { Alias = Requests.UniqueAlias() };
            await owner.CreateAliasAsync(new CreateAliasRequest { AliasName = key.Alias, TargetKeyId = key.Arn });
        }

        if (row.Request.OtherKey)
        {
            var other = (await owner.CreateKeyAsync(new CreateKeyRequest { KeySpec = row.KeySpec, KeyUsage = row.KeyUsage })).KeyMetadata;
            key = key with { OtherKeyArn = other.Arn, OtherAlias = Requests.UniqueAlias() };
            await owner.CreateAliasAsync(new CreateAliasRequest { AliasName = key.OtherAlias, TargetKeyId = other.Arn });
        }

        if (row.Grants is { } grants)
        {
            var ids = new List<string>();
            var tokens = new List<string>();
            foreach (var grant in grants)
            {
                var made = await owner.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = key.Arn,
                    GranteePrincipal = grant.Grantee,
                    Operations = [.. grant.Operations],
                    RetiringPrincipal = grant.RetiringPrincipal,
                    Constraints = grant.Constraints,
                });
                ids.Add(made.GrantId);
                tokens.Add(made.GrantToken);
            }

            key = key with { GrantIds = ids, GrantTokens = tokens };
        }

        if (row.KeyPolicy is { } statements)
        {
            // The owner keeps PutKeyPolicy only when the account statement stays: otherwise the lockout check needs its bypass.
            var rootStatement = AuthorizationCases.RootOf(key.Account);
            await owner.PutKeyPolicyAsync(new PutKeyPolicyRequest
            {
                KeyId = key.Arn,
                Policy = AuthorizationCast.Policy(statements),
                BypassPolicyLockoutSafetyCheck = !statements.Contains(rootStatement),
            });
        }

        return key;
    }
}
