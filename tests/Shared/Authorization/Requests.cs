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
    public static KmsRequest CreateAlias() =>
        new("kms:CreateAlias", (kms, key) => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = UniqueAlias(), TargetKeyId = key.Arn }));

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

    public static KmsRequest ListKeys() =>
        new("kms:ListKeys", (kms, _) => kms.ListKeysAsync(new ListKeysRequest { Limit = 1 })) { AccountLevel = true };

    public static KmsRequest ListAliases() =>
        new("kms:ListAliases", (kms, _) => kms.ListAliasesAsync(new ListAliasesRequest { Limit = 1 })) { AccountLevel = true };

    public static KmsRequest GenerateRandom() =>
        new("kms:GenerateRandom", (kms, _) => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 16 })) { AccountLevel = true };

    public static string UniqueAlias() => $"alias/authz-{Guid.NewGuid():N}";
}
