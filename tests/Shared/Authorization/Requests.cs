using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Tests.Authorization;

/// <summary>The real requests the table sends, each naming the key by its ARN (so that another account's key is reachable).</summary>
public static class Requests
{
    private static readonly byte[] Plaintext = [4, 2];

    public static Dictionary<string, string> Context(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    public static KmsRequest Encrypt(Dictionary<string, string>? context = null, string? algorithm = null) =>
        new("kms:Encrypt", (kms, key) => kms.EncryptAsync(new EncryptRequest
        {
            KeyId = key.Arn,
            Plaintext = new MemoryStream(Plaintext),
            EncryptionContext = context,
            EncryptionAlgorithm = algorithm,
        }));

    /// <summary>Decrypts what the key's account root encrypted under the same encryption context.</summary>
    public static KmsRequest Decrypt(Dictionary<string, string>? context = null) =>
        new("kms:Decrypt", (kms, key) => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(key.Ciphertext), EncryptionContext = context }))
        {
            Ciphertext = true,
            CiphertextContext = context,
        };

    /// <summary>Decrypts, with an RSA key, what the key's account root encrypted with <paramref name="algorithm"/>.</summary>
    public static KmsRequest DecryptRsa(string algorithm) =>
        new("kms:Decrypt", (kms, key) => kms.DecryptAsync(new DecryptRequest
        {
            KeyId = key.Arn,
            CiphertextBlob = new MemoryStream(key.Ciphertext),
            EncryptionAlgorithm = algorithm,
        }))
        {
            Ciphertext = true,
            CiphertextAlgorithm = algorithm,
        };

    public static KmsRequest GenerateDataKey(Dictionary<string, string>? context = null) =>
        new("kms:GenerateDataKey", (kms, key) => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256, EncryptionContext = context }));

    public static KmsRequest GenerateDataKeyWithoutPlaintext() =>
        new("kms:GenerateDataKeyWithoutPlaintext", (kms, key) => kms.GenerateDataKeyWithoutPlaintextAsync(
            new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 }));

    /// <summary>
    /// Re-encrypts a ciphertext of the key under the same key: kms:ReEncryptFrom and kms:ReEncryptTo on it.
    /// <paramref name="deniedAction"/> is the one of the two a denial names.
    /// </summary>
    public static KmsRequest ReEncrypt(string deniedAction = "kms:ReEncryptFrom") =>
        new(deniedAction, (kms, key) => kms.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(key.Ciphertext), DestinationKeyId = key.Arn }))
        {
            Ciphertext = true,
        };

    public static KmsRequest DescribeKey() =>
        new("kms:DescribeKey", (kms, key) => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }));

    /// <summary>DescribeKey naming the key by its alias (alias/NAME, in the caller's account).</summary>
    public static KmsRequest DescribeKeyByAlias() =>
        new("kms:DescribeKey", (kms, key) => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Alias }));

    public static KmsRequest Sign(string algorithm) =>
        new("kms:Sign", (kms, key) => kms.SignAsync(new SignRequest
        {
            KeyId = key.Arn,
            Message = new MemoryStream(Plaintext),
            MessageType = MessageType.RAW,
            SigningAlgorithm = algorithm,
        }));

    public static KmsRequest GetPublicKey() =>
        new("kms:GetPublicKey", (kms, key) => kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.Arn }));

    public static KmsRequest GenerateMac(string algorithm) =>
        new("kms:GenerateMac", (kms, key) => kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.Arn, Message = new MemoryStream(Plaintext), MacAlgorithm = algorithm }));

    /// <summary>Creates an alias (a new name each time) for the key in the caller's account.</summary>
    public static KmsRequest CreateAlias(AliasResource deniedOn = AliasResource.Key) =>
        new("kms:CreateAlias", (kms, key) => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = key.NewAlias, TargetKeyId = key.Arn }))
        {
            DeniedResource = Denied(deniedOn, key => key.NewAlias),
        };

    /// <summary>Deletes the key's alias (a row whose key has one).</summary>
    public static KmsRequest DeleteAlias(AliasResource deniedOn = AliasResource.Key) =>
        new("kms:DeleteAlias", (kms, key) => kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = key.Alias }))
        {
            DeniedResource = Denied(deniedOn, key => key.Alias!),
        };

    /// <summary>Points the key's alias (a row whose key has one) at the other key: the key under test is the alias's current key.</summary>
    public static KmsRequest UpdateAliasAwayFromTheKey(AliasResource deniedOn = AliasResource.Key) =>
        new("kms:UpdateAlias", (kms, key) => kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = key.Alias, TargetKeyId = key.OtherKeyArn }))
        {
            OtherKey = true,
            DeniedResource = Denied(deniedOn, key => key.Alias!),
        };

    /// <summary>Points the other key's alias at the key: the key under test is the alias's new key.</summary>
    public static KmsRequest UpdateAliasToTheKey(AliasResource deniedOn = AliasResource.Key) =>
        new("kms:UpdateAlias", (kms, key) => kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = key.OtherAlias, TargetKeyId = key.Arn }))
        {
            OtherKey = true,
            DeniedResource = Denied(deniedOn, key => key.OtherAlias!),
        };

    public static KmsRequest TagResource(params (string Key, string Value)[] tags) =>
        new("kms:TagResource", (kms, key) => kms.TagResourceAsync(new TagResourceRequest
        {
            KeyId = key.Arn,
            Tags = tags.Select(tag => new Tag { TagKey = tag.Key, TagValue = tag.Value }).ToList(),
        }));

    public static KmsRequest UntagResource(params string[] tagKeys) =>
        new("kms:UntagResource", (kms, key) => kms.UntagResourceAsync(new UntagResourceRequest { KeyId = key.Arn, TagKeys = [.. tagKeys] }));

    public static KmsRequest ScheduleKeyDeletion(int days) =>
        new("kms:ScheduleKeyDeletion", (kms, key) => kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.Arn, PendingWindowInDays = days }));

    public static KmsRequest DisableKey() =>
        new("kms:DisableKey", (kms, key) => kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.Arn }));

    public static KmsRequest EnableKeyRotation(int days) =>
        new("kms:EnableKeyRotation", (kms, key) => kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.Arn, RotationPeriodInDays = days }));

    public static KmsRequest GetKeyPolicy() =>
        new("kms:GetKeyPolicy", (kms, key) => kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.Arn }));

    /// <summary>Puts AWS's default key policy of the key's account (the caller keeps its access through IAM).</summary>
    public static KmsRequest PutKeyPolicy(bool bypassLockoutCheck = false) =>
        new("kms:PutKeyPolicy", (kms, key) => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = key.Arn,
            Policy = AuthorizationCast.Policy(AuthorizationCases.RootOf(key.Account)),
            BypassPolicyLockoutSafetyCheck = bypassLockoutCheck,
        }));

    public static KmsRequest CreateKey(string? keySpec = null, string? keyUsage = null, params (string Key, string Value)[] tags) =>
        new("kms:CreateKey", (kms, _) => kms.CreateKeyAsync(new CreateKeyRequest
        {
            KeySpec = keySpec,
            KeyUsage = keyUsage,
            Tags = tags.Length == 0 ? null : tags.Select(tag => new Tag { TagKey = tag.Key, TagValue = tag.Value }).ToList(),
        }))
        {
            AccountLevel = true,
        };

    /// <summary>CreateKey with tags, refused for its kms:TagResource half: AWS's denial names no resource, the key not existing yet.</summary>
    public static KmsRequest CreateKeyRefusedTagging(params (string Key, string Value)[] tags) =>
        CreateKey(null, null, tags) with { Action = "kms:TagResource", DeniedResource = _ => string.Empty };

    public static KmsRequest ListKeys() =>
        new("kms:ListKeys", (kms, _) => kms.ListKeysAsync(new ListKeysRequest { Limit = 1 })) { AccountLevel = true };

    public static KmsRequest ListAliases() =>
        new("kms:ListAliases", (kms, _) => kms.ListAliasesAsync(new ListAliasesRequest { Limit = 1 })) { AccountLevel = true };

    public static KmsRequest GenerateRandom() =>
        new("kms:GenerateRandom", (kms, _) => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 })) { AccountLevel = true };

    /// <summary>Encrypt with the token of the row's first grant.</summary>
    public static KmsRequest EncryptWithGrantToken() =>
        new("kms:Encrypt", (kms, key) => kms.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = new MemoryStream(Plaintext), GrantTokens = [key.GrantTokens[0]] }));

    /// <summary>CreateGrant on the key for <paramref name="grantee"/>.</summary>
    public static KmsRequest CreateGrant(string grantee, string[] operations, GrantSpec? shape = null) =>
        new("kms:CreateGrant", (kms, key) => kms.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.Arn,
            GranteePrincipal = grantee,
            Operations = [.. operations],
            RetiringPrincipal = shape?.RetiringPrincipal,
            Constraints = shape?.Constraints,
        }));

    /// <summary>Retires the row's first grant by key ARN and grant id.</summary>
    public static KmsRequest RetireGrant() =>
        new("kms:RetireGrant", (kms, key) => kms.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = key.GrantIds[0] }));

    /// <summary>Retires the row's first grant by its token.</summary>
    public static KmsRequest RetireGrantByToken() =>
        new("kms:RetireGrant", (kms, key) => kms.RetireGrantAsync(new RetireGrantRequest { GrantToken = key.GrantTokens[0] }));

    /// <summary>Revokes the row's first grant.</summary>
    public static KmsRequest RevokeGrant() =>
        new("kms:RevokeGrant", (kms, key) => kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.Arn, GrantId = key.GrantIds[0] }));

    public static KmsRequest ListGrants() =>
        new("kms:ListGrants", (kms, key) => kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.Arn }));

    /// <summary>ListRetirableGrants for <paramref name="retiringPrincipal"/>: the resource a denial names.</summary>
    public static KmsRequest ListRetirableGrants(string retiringPrincipal) =>
        new("kms:ListRetirableGrants", (kms, _) => kms.ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = retiringPrincipal }))
        {
            AccountLevel = true,
            DeniedResource = _ => retiringPrincipal,
        };

    public static string UniqueAlias() => $"alias/authz-{Guid.NewGuid():N}";

    /// <summary>The resource a denial of an alias request names; null: the key under test.</summary>
    private static Func<KeyUnderTest?, string>? Denied(AliasResource resource, Func<KeyUnderTest, string> aliasOf) => resource switch
    {
        AliasResource.Alias => key => key!.AliasArn(aliasOf(key)),
        AliasResource.OtherKey => key => key!.OtherKeyArn!,
        _ => null,
    };
}

/// <summary>
/// Which resource of an alias request a row's denial is about: the alias itself (identity policies), the key under
/// test, or the other key the request names (their key policies).
/// </summary>
public enum AliasResource
{
    Key,
    Alias,
    OtherKey,
}
