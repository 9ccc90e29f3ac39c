using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// One valid request per operation of <see cref="IAmazonKeyManagementService"/>, by operation name. Requests that
/// change or end a key make their own key first, so that the shared <see cref="CoverageKeys"/> stay usable.
/// The entries of operations the engine does not answer yet (see <see cref="OperationCoverageTests.NotAnsweredYet"/>)
/// are the nearest valid requests the engine can set up today: whoever implements one makes its entry fully valid
/// (a multi-Region key, an ML-KEM key, a real custom key store).
/// </summary>
internal static class ValidRequests
{
    private const string CustomKeyStoreId = "cks-1234567890abcdef0";

    public static IReadOnlyDictionary<string, Func<IAmazonKeyManagementService, CoverageKeys, Task>> ByOperation { get; } =
        new Dictionary<string, Func<IAmazonKeyManagementService, CoverageKeys, Task>>(StringComparer.Ordinal)
        {
            ["CancelKeyDeletion"] = async (kms, _) =>
            {
                var key = await Create(kms);
                await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 });
                await kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId });
            },
            ["ConnectCustomKeyStore"] = (kms, _) => kms.ConnectCustomKeyStoreAsync(new ConnectCustomKeyStoreRequest { CustomKeyStoreId = CustomKeyStoreId }),
            ["CreateAlias"] = (kms, keys) => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = UniqueAlias(), TargetKeyId = keys.Symmetric.KeyId }),
            ["CreateCustomKeyStore"] = (kms, _) => kms.CreateCustomKeyStoreAsync(new CreateCustomKeyStoreRequest
            {
                CustomKeyStoreName = "coverage-" + Guid.NewGuid().ToString("N"),
                CustomKeyStoreType = CustomKeyStoreType.EXTERNAL_KEY_STORE,
                XksProxyConnectivity = XksProxyConnectivityType.PUBLIC_ENDPOINT,
                XksProxyUriEndpoint = "https://xks.example.com",
                XksProxyUriPath = "/kms/xks/v1",
                XksProxyAuthenticationCredential = new XksProxyAuthenticationCredentialType
                {
                    AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
                    RawSecretAccessKey = "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=",
                },
            }),
            ["CreateGrant"] = (kms, keys) => kms.CreateGrantAsync(new CreateGrantRequest
            {
                KeyId = keys.Symmetric.KeyId,
                GranteePrincipal = CoverageKeys.Grantee,
                Operations = [GrantOperation.Encrypt],
            }),
            ["CreateKey"] = (kms, _) => kms.CreateKeyAsync(new CreateKeyRequest()),
            ["Decapsulate"] = (kms, keys) => kms.DecapsulateAsync(new DecapsulateRequest
            {
                KeyId = keys.Symmetric.KeyId,
                EncapsulationAlgorithm = EncapsulationAlgorithmSpec.ML_KEM,
                SharedSecretCiphertextBlob = new MemoryStream(new byte[1088]),
            }),
            ["Decrypt"] = (kms, keys) => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(keys.Ciphertext) }),
            ["DeleteAlias"] = async (kms, keys) =>
            {
                var alias = UniqueAlias();
                await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keys.Symmetric.KeyId });
                await kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias });
            },
            ["DeleteCustomKeyStore"] = (kms, _) => kms.DeleteCustomKeyStoreAsync(new DeleteCustomKeyStoreRequest { CustomKeyStoreId = CustomKeyStoreId }),
            ["DeleteImportedKeyMaterial"] = async (kms, _) =>
            {
                var key = await CoverageKeys.CreateImportedAsync(kms);
                await kms.DeleteImportedKeyMaterialAsync(new DeleteImportedKeyMaterialRequest { KeyId = key.KeyId });
            },
            ["DeriveSharedSecret"] = async (kms, keys) =>
            {
                using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
                await kms.DeriveSharedSecretAsync(new DeriveSharedSecretRequest
                {
                    KeyId = keys.EccAgreement.KeyId,
                    KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH,
                    PublicKey = new MemoryStream(peer.ExportSubjectPublicKeyInfo()),
                });
            },
            ["DescribeCustomKeyStores"] = (kms, _) => kms.DescribeCustomKeyStoresAsync(new DescribeCustomKeyStoresRequest()),
            ["DescribeKey"] = (kms, keys) => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keys.Symmetric.KeyId }),
            ["DisableKey"] = async (kms, _) => await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = (await Create(kms)).KeyId }),
            ["DisableKeyRotation"] = (kms, keys) => kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = keys.Symmetric.KeyId }),
            ["DisconnectCustomKeyStore"] = (kms, _) => kms.DisconnectCustomKeyStoreAsync(new DisconnectCustomKeyStoreRequest { CustomKeyStoreId = CustomKeyStoreId }),
            ["EnableKey"] = async (kms, _) =>
            {
                var key = await Create(kms);
                await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId });
                await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId });
            },
            ["EnableKeyRotation"] = (kms, keys) => kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keys.Symmetric.KeyId, RotationPeriodInDays = 365 }),
            ["Encapsulate"] = (kms, keys) => kms.EncapsulateAsync(new EncapsulateRequest { KeyId = keys.Symmetric.KeyId, EncapsulationAlgorithm = EncapsulationAlgorithmSpec.ML_KEM }),
            ["Encrypt"] = (kms, keys) => kms.EncryptAsync(new EncryptRequest { KeyId = keys.Symmetric.KeyId, Plaintext = Bytes(4, 2) }),
            ["GenerateDataKey"] = (kms, keys) => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keys.Symmetric.KeyId, KeySpec = DataKeySpec.AES_256 }),
            ["GenerateDataKeyPair"] = (kms, keys) => kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = keys.Symmetric.KeyId, KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 }),
            ["GenerateDataKeyPairWithoutPlaintext"] = (kms, keys) => kms.GenerateDataKeyPairWithoutPlaintextAsync(
                new GenerateDataKeyPairWithoutPlaintextRequest { KeyId = keys.Symmetric.KeyId, KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 }),
            ["GenerateDataKeyWithoutPlaintext"] = (kms, keys) => kms.GenerateDataKeyWithoutPlaintextAsync(
                new GenerateDataKeyWithoutPlaintextRequest { KeyId = keys.Symmetric.KeyId, KeySpec = DataKeySpec.AES_256 }),
            ["GenerateMac"] = (kms, keys) => kms.GenerateMacAsync(new GenerateMacRequest { KeyId = keys.Hmac.KeyId, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256, Message = Bytes(4, 2) }),
            ["GenerateRandom"] = (kms, _) => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }),
            ["GetKeyLastUsage"] = (kms, keys) => kms.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = keys.Symmetric.KeyId }),
            ["GetKeyPolicy"] = (kms, keys) => kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keys.Symmetric.KeyId }),
            ["GetKeyRotationStatus"] = (kms, keys) => kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keys.Symmetric.KeyId }),
            ["GetParametersForImport"] = (kms, keys) => kms.GetParametersForImportAsync(new GetParametersForImportRequest
            {
                KeyId = keys.Imported.KeyId,
                WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec = WrappingKeySpec.RSA_2048,
            }),
            ["GetPublicKey"] = (kms, keys) => kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keys.RsaSigning.KeyId }),
            ["ImportKeyMaterial"] = async (kms, _) =>
            {
                var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
                await kms.ImportKeyMaterialAsync(await CoverageKeys.ImportRequestAsync(kms, key.KeyId));
            },
            ["ListAliases"] = (kms, _) => kms.ListAliasesAsync(new ListAliasesRequest()),
            ["ListGrants"] = (kms, keys) => kms.ListGrantsAsync(new ListGrantsRequest { KeyId = keys.Symmetric.KeyId }),
            ["ListKeyPolicies"] = (kms, keys) => kms.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = keys.Symmetric.KeyId }),
            ["ListKeyRotations"] = (kms, keys) => kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = keys.Symmetric.KeyId }),
            ["ListKeys"] = (kms, _) => kms.ListKeysAsync(new ListKeysRequest()),
            ["ListResourceTags"] = (kms, keys) => kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keys.Symmetric.KeyId }),
            ["ListRetirableGrants"] = (kms, _) => kms.ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = CoverageKeys.Caller }),
            ["PutKeyPolicy"] = async (kms, keys) =>
            {
                var policy = (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keys.Symmetric.KeyId })).Policy;
                await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keys.Symmetric.KeyId, Policy = policy });
            },
            ["ReEncrypt"] = (kms, keys) => kms.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(keys.Ciphertext), DestinationKeyId = keys.Symmetric.KeyId }),
            ["ReplicateKey"] = (kms, keys) => kms.ReplicateKeyAsync(new ReplicateKeyRequest { KeyId = keys.Symmetric.Arn, ReplicaRegion = "us-west-2" }),
            ["RetireGrant"] = async (kms, keys) =>
            {
                var grant = await kms.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = keys.Symmetric.KeyId,
                    GranteePrincipal = CoverageKeys.Grantee,
                    RetiringPrincipal = CoverageKeys.Caller,
                    Operations = [GrantOperation.Encrypt],
                });
                await kms.RetireGrantAsync(new RetireGrantRequest { KeyId = keys.Symmetric.Arn, GrantId = grant.GrantId });
            },
            ["RevokeGrant"] = async (kms, keys) =>
            {
                var grant = await kms.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = keys.Symmetric.KeyId,
                    GranteePrincipal = CoverageKeys.Grantee,
                    Operations = [GrantOperation.Encrypt],
                });
                await kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = keys.Symmetric.KeyId, GrantId = grant.GrantId });
            },
            ["RotateKeyOnDemand"] = async (kms, _) => await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = (await Create(kms)).KeyId }),
            ["ScheduleKeyDeletion"] = async (kms, _) =>
                await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = (await Create(kms)).KeyId, PendingWindowInDays = 7 }),
            ["Sign"] = (kms, keys) => Sign(kms, keys),
            ["TagResource"] = (kms, keys) => kms.TagResourceAsync(new TagResourceRequest
            {
                KeyId = keys.Symmetric.KeyId,
                Tags = [new Tag { TagKey = "team", TagValue = "coverage" }],
            }),
            ["UntagResource"] = (kms, keys) => kms.UntagResourceAsync(new UntagResourceRequest { KeyId = keys.Symmetric.KeyId, TagKeys = ["team"] }),
            ["UpdateAlias"] = async (kms, keys) =>
            {
                var alias = UniqueAlias();
                await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keys.Symmetric.KeyId });
                await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = keys.Imported.KeyId });
            },
            ["UpdateCustomKeyStore"] = (kms, _) => kms.UpdateCustomKeyStoreAsync(new UpdateCustomKeyStoreRequest
            {
                CustomKeyStoreId = CustomKeyStoreId,
                NewCustomKeyStoreName = "coverage-" + Guid.NewGuid().ToString("N"),
            }),
            ["UpdateKeyDescription"] = (kms, keys) => kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = keys.Symmetric.KeyId, Description = "coverage" }),
            ["UpdatePrimaryRegion"] = (kms, keys) => kms.UpdatePrimaryRegionAsync(new UpdatePrimaryRegionRequest { KeyId = keys.Symmetric.Arn, PrimaryRegion = "us-west-2" }),
            ["Verify"] = async (kms, keys) =>
            {
                var signature = await Sign(kms, keys);
                await kms.VerifyAsync(new VerifyRequest
                {
                    KeyId = keys.RsaSigning.KeyId,
                    Message = Bytes(4, 2),
                    MessageType = MessageType.RAW,
                    SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
                    Signature = signature.Signature,
                });
            },
            ["VerifyMac"] = async (kms, keys) =>
            {
                var mac = await kms.GenerateMacAsync(new GenerateMacRequest { KeyId = keys.Hmac.KeyId, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256, Message = Bytes(4, 2) });
                await kms.VerifyMacAsync(new VerifyMacRequest
                {
                    KeyId = keys.Hmac.KeyId,
                    MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
                    Message = Bytes(4, 2),
                    Mac = mac.Mac,
                });
            },
        };

    private static Task<SignResponse> Sign(IAmazonKeyManagementService kms, CoverageKeys keys) =>
        kms.SignAsync(new SignRequest
        {
            KeyId = keys.RsaSigning.KeyId,
            Message = Bytes(4, 2),
            MessageType = MessageType.RAW,
            SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
        });

    private static string UniqueAlias() => $"alias/coverage-{Guid.NewGuid():N}";
}
