using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Keys: create, describe, list, enable/disable, description, deletion schedule.
public sealed partial class Pkcs11Kms
{
    private const int MinPendingWindowInDays = 7;
    private const int MaxPendingWindowInDays = 30;

    public Task<CreateKeyResponse> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var spec = ValidateCreateKey(request);
            var tags = ValidateTags(request.Tags);
            var imported = request.Origin?.Value == OriginType.EXTERNAL.Value;
            var usage = request.KeyUsage?.Value ?? KeyUsageType.ENCRYPT_DECRYPT.Value;
            var origin = imported ? OriginType.EXTERNAL.Value : OriginType.AWS_KMS.Value;
            void Conditions(AuthorizationContext context)
            {
                AddRequestTags(context, tags);
                context.Add("kms:KeySpec", spec.Name).Add("kms:KeyUsage", usage).Add("kms:KeyOrigin", origin)
                    .Add("kms:MultiRegion", "false").Add("kms:BypassPolicyLockoutSafetyCheck", Bool(request.BypassPolicyLockoutSafetyCheck));
            }

            Authorize("kms:CreateKey", null, Conditions);
            if (tags.Count > 0)
            {
                AuthorizeTaggingOnCreation(Conditions);
            }

            var keyId = Guid.NewGuid().ToString("D");
            if (request.Policy is not null)
            {
                var policy = ParseKeyPolicy(request.Policy);
                if (request.BypassPolicyLockoutSafetyCheck != true)
                {
                    LockoutCheck.ThrowIfLockedOut(policy, _identity, string.Concat(_keyArnPrefix, keyId), _accountId, _identityPolicies);
                }
            }

            var now = Now;
            var key = new KeyRecord(
                keyId, _accountId, _region, request.Description ?? string.Empty, spec.Name, usage, origin,
                imported ? KeyStates.PendingImport : KeyStates.Enabled, now,
                DeletionDate: null, PendingWindowInDays: null, RotationEnabled: false, RotationPeriodInDays: null,
                NextRotationAt: null, CurrentVersion: imported ? 0 : 1, OnDemandRotations: 0, Policy: request.Policy);
            if (imported)
            {
                _store.CreateKey(key);
            }
            else
            {
                _materials.Create(key, spec, KeyStates.Enabled);
            }

            if (tags.Count > 0)
            {
                _store.TryPutTags(key.KeyId, tags, MaxTags);
            }

            return new CreateKeyResponse { KeyMetadata = Metadata(key) };
        });

    public Task<DescribeKeyResponse> DescribeKeyAsync(DescribeKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var key = ResolveKey(request.KeyId);
            Authorize("kms:DescribeKey", key, requestedKeyId: request.KeyId);
            return new DescribeKeyResponse { KeyMetadata = Metadata(key) };
        });

    public Task<DescribeKeyResponse> DescribeKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken);

    public Task<ListKeysResponse> ListKeysAsync(ListKeysRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.Limit, "limit", 1, 1000).Length(request.Marker, "marker", 1, 1024).ThrowIfInvalid();
            Authorize("kms:ListKeys", null);
            var after = DecodeMarker(request.Marker);
            var limit = request.Limit ?? 100;
            var page = ListLiveKeys(after, limit + 1);
            var truncated = page.Count > limit;
            var keys = page.Take(limit).ToList();
            return new ListKeysResponse
            {
                Keys = keys.Select(k => new KeyListEntry { KeyId = k.KeyId, KeyArn = KeyArn(k) }).ToList(),
                Truncated = truncated,
                NextMarker = truncated ? keys[^1].KeyId : null,
            };
        });

    public Task<EnableKeyResponse> EnableKeyAsync(EnableKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            SetEnabled(request.KeyId, "EnableKey", KeyStates.Enabled);
            return new EnableKeyResponse();
        });

    public Task<EnableKeyResponse> EnableKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        EnableKeyAsync(new EnableKeyRequest { KeyId = keyId }, cancellationToken);

    public Task<DisableKeyResponse> DisableKeyAsync(DisableKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            SetEnabled(request.KeyId, "DisableKey", KeyStates.Disabled);
            return new DisableKeyResponse();
        });

    public Task<DisableKeyResponse> DisableKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        DisableKeyAsync(new DisableKeyRequest { KeyId = keyId }, cancellationToken);

    public Task<UpdateKeyDescriptionResponse> UpdateKeyDescriptionAsync(UpdateKeyDescriptionRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Required(request.Description, "description").Length(request.Description, "description", 0, 8192).ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:UpdateKeyDescription", key);
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            _store.UpdateKey(key with { Description = request.Description });
            return new UpdateKeyDescriptionResponse();
        });

    public Task<UpdateKeyDescriptionResponse> UpdateKeyDescriptionAsync(string keyId, string description, CancellationToken cancellationToken = default) =>
        UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = keyId, Description = description }, cancellationToken);

    /// <summary>Usage is tracked from key creation; see <see cref="KeyUsageTracker"/> for the delay across processes.</summary>
    public Task<GetKeyLastUsageResponse> GetKeyLastUsageAsync(GetKeyLastUsageRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = ResolveKey(request.KeyId);
            Authorize("kms:GetKeyLastUsage", key);
            var usage = _usage.Last(key.KeyId);
            return new GetKeyLastUsageResponse
            {
                KeyId = key.KeyId,
                KeyCreationDate = key.CreatedAt.UtcDateTime,
                TrackingStartDate = key.CreatedAt.UtcDateTime,
                KeyLastUsage = usage is null
                    ? null
                    : new KeyLastUsageData { Operation = usage.Operation, Timestamp = usage.UsedAt.UtcDateTime, KmsRequestId = usage.RequestId },
            };
        });

    public Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(ScheduleKeyDeletionRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.PendingWindowInDays, "pendingWindowInDays", MinPendingWindowInDays, MaxPendingWindowInDays).ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:ScheduleKeyDeletion", key, context =>
                context.Add("kms:ScheduleKeyDeletionPendingWindowInDays", (request.PendingWindowInDays ?? MaxPendingWindowInDays).ToString(CultureInfo.InvariantCulture)));
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            var window = request.PendingWindowInDays ?? MaxPendingWindowInDays;
            var deletionDate = Now.AddDays(window);
            _store.UpdateKey(key with { State = KeyStates.PendingDeletion, DeletionDate = deletionDate, PendingWindowInDays = window });
            return new ScheduleKeyDeletionResponse
            {
                KeyId = KeyArn(key),
                DeletionDate = deletionDate.UtcDateTime,
                KeyState = KeyState.PendingDeletion,
                PendingWindowInDays = window,
            };
        });

    public Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(string keyId, CancellationToken cancellationToken = default) =>
        ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId }, cancellationToken);

    public Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(string keyId, int? pendingWindowInDays, CancellationToken cancellationToken = default) =>
        ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = pendingWindowInDays }, cancellationToken);

    public Task<CancelKeyDeletionResponse> CancelKeyDeletionAsync(CancelKeyDeletionRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = ResolveKey(request.KeyId);
            Authorize("kms:CancelKeyDeletion", key);
            RequireState(key, KeyStateRule.PendingDeletionOnly);
            // As AWS: a key whose deletion is cancelled comes back disabled.
            _store.UpdateKey(key with { State = KeyStates.Disabled, DeletionDate = null, PendingWindowInDays = null });
            return new CancelKeyDeletionResponse { KeyId = KeyArn(key) };
        });

    public Task<CancelKeyDeletionResponse> CancelKeyDeletionAsync(string keyId, CancellationToken cancellationToken = default) =>
        CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = keyId }, cancellationToken);

    private KeySpecInfo ValidateCreateKey(CreateKeyRequest request)
    {
#pragma warning disable CS0618 // AWS still accepts the deprecated CustomerMasterKeySpec
        if (request.KeySpec is not null && request.CustomerMasterKeySpec is not null)
        {
            throw KmsErrors.Validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.");
        }

        var specName = request.KeySpec?.Value ?? request.CustomerMasterKeySpec?.Value ?? KeySpec.SYMMETRIC_DEFAULT.Value;
        var member = request.CustomerMasterKeySpec is not null ? "customerMasterKeySpec" : "keySpec";
#pragma warning restore CS0618
        var isSdkSpec = SdkEnum.IsDefined<KeySpec>(specName);
        new RequestValidation()
            .OneOf(isSdkSpec ? null : specName, member, AwsEnumValues.KeySpec)
            .OneOf(request.KeyUsage is null || KeyUsageIsKnown(request.KeyUsage.Value) ? null : request.KeyUsage.Value, "keyUsage", AwsEnumValues.KeyUsage)
            .Length(request.Description, "description", 0, 8192)
            .ThrowIfInvalid();

        var spec = KeySpecInfo.Find(specName) ?? throw KmsErrors.Unsupported($"KeySpec {specName} is not supported by the PKCS#11 engine.");
        if (request.KeyUsage is null && spec.Family != KeyFamily.Symmetric)
        {
            throw KmsErrors.Validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
        }

        var usage = request.KeyUsage?.Value ?? KeyUsageType.ENCRYPT_DECRYPT.Value;
        if (!spec.Usages.Contains(usage))
        {
            throw KmsErrors.Validation($"KeyUsage {usage} is not compatible with KeySpec {spec.Name}");
        }

        var origin = request.Origin?.Value ?? OriginType.AWS_KMS.Value;
        if (origin != OriginType.AWS_KMS.Value && origin != OriginType.EXTERNAL.Value)
        {
            throw KmsErrors.Unsupported($"Origin {origin} is not supported by the PKCS#11 engine.");
        }

        if (origin == OriginType.EXTERNAL.Value && spec.Family is not (KeyFamily.Symmetric or KeyFamily.Hmac))
        {
            throw KmsErrors.Unsupported($"Importing key material for KeySpec {spec.Name} is not supported by the PKCS#11 engine.");
        }

        if (request.MultiRegion == true)
        {
            throw KmsErrors.Unsupported("Multi-Region keys are not supported by the PKCS#11 engine.");
        }

        if (request.CustomKeyStoreId is not null)
        {
            throw KmsErrors.Unsupported("Custom key stores are not supported by the PKCS#11 engine.");
        }

        return spec;
    }

    private static bool KeyUsageIsKnown(string usage) => AwsEnumValues.KeyUsage.Contains(usage) || usage == "ENCAPSULATE_DECAPSULATE";

    private void SetEnabled(string? keyId, string operation, string state)
    {
        var key = ResolveKey(keyId);
        Authorize($"kms:{operation}", key);
        RequireState(key, KeyStateRule.EnabledOrDisabled);
        if (key.State == KeyStates.PendingImport)
        {
            throw KmsErrors.InvalidState($"{KeyArn(key)} is pending import.");
        }

        if (key.State != state)
        {
            _store.UpdateKey(key with { State = state });
        }
    }

    /// <summary>Keys of this region, with those whose deletion window has passed destroyed on the way.</summary>
    private List<KeyRecord> ListLiveKeys(string? after, int count)
    {
        var now = Now;
        var live = new List<KeyRecord>();
        while (live.Count < count)
        {
            var page = _store.ListKeys(_scope, after, count - live.Count);
            foreach (var key in page)
            {
                if (key.State == KeyStates.PendingDeletion && key.DeletionDate <= now)
                {
                    _materials.Purge(key.KeyId);
                }
                else
                {
                    live.Add(key);
                }
            }

            if (page.Count < count - live.Count || page.Count == 0)
            {
                break;
            }

            after = page[^1].KeyId;
        }

        return live;
    }

    private static string? DecodeMarker(string? marker)
    {
        if (marker is null)
        {
            return null;
        }

        return KeyReference.IsKeyId(marker) ? marker : throw KmsErrors.InvalidMarker();
    }

    private KeyMetadata Metadata(KeyRecord key)
    {
        var spec = KeySpecInfo.Get(key.KeySpec);
        return new KeyMetadata
        {
            AWSAccountId = key.AccountId,
            Arn = KeyArn(key),
            KeyId = key.KeyId,
            CreationDate = key.CreatedAt.UtcDateTime,
            CurrentKeyMaterialId = spec.Family == KeyFamily.Symmetric && key.CurrentVersion > 0 ? _materials.MaterialId(key.KeyId, key.CurrentVersion) : null,
            ExpirationModel = key.ExpirationModel,
            ValidTo = key.ValidTo?.UtcDateTime,
#pragma warning disable CS0618 // AWS still returns the deprecated CustomerMasterKeySpec
            CustomerMasterKeySpec = key.KeySpec,
#pragma warning restore CS0618
            KeySpec = key.KeySpec,
            Description = key.Description,
            Enabled = key.State == KeyStates.Enabled,
            KeyState = key.State,
            KeyUsage = key.KeyUsage,
            KeyManager = KeyManagerType.CUSTOMER,
            Origin = key.Origin,
            MultiRegion = false,
            DeletionDate = key.DeletionDate?.UtcDateTime,
            PendingDeletionWindowInDays = key.PendingWindowInDays,
            EncryptionAlgorithms = NullIfEmpty(spec.EncryptionAlgorithms(key.KeyUsage)),
            SigningAlgorithms = NullIfEmpty(spec.SigningAlgorithms(key.KeyUsage)),
            MacAlgorithms = NullIfEmpty(spec.MacAlgorithms),
            KeyAgreementAlgorithms = NullIfEmpty(spec.KeyAgreementAlgorithms(key.KeyUsage)),
        };
    }

    private static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];
}
