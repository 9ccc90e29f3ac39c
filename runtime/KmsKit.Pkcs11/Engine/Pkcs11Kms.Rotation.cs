using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Rotation: automatic schedule, on-demand rotations, history. Every older material keeps decrypting.
public sealed partial class Pkcs11Kms
{
    private const int DefaultRotationPeriodInDays = 365;
    private const int MaxOnDemandRotations = 10;

    public Task<EnableKeyRotationResponse> EnableKeyRotationAsync(EnableKeyRotationRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.RotationPeriodInDays, "rotationPeriodInDays", 90, 2560).ThrowIfInvalid();
            var key = RotatableKey(request.KeyId, "EnableKeyRotation", context =>
                context.Add("kms:RotationPeriodInDays", (request.RotationPeriodInDays ?? DefaultRotationPeriodInDays).ToString(CultureInfo.InvariantCulture)));
            var period = request.RotationPeriodInDays ?? DefaultRotationPeriodInDays;
            _store.UpdateKey(key with { RotationEnabled = true, RotationPeriodInDays = period, NextRotationAt = Now.AddDays(period) });
            return new EnableKeyRotationResponse();
        });

    public Task<EnableKeyRotationResponse> EnableKeyRotationAsync(string keyId, CancellationToken cancellationToken = default) =>
        EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId }, cancellationToken);

    public Task<DisableKeyRotationResponse> DisableKeyRotationAsync(DisableKeyRotationRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = RotatableKey(request.KeyId, "DisableKeyRotation");
            _store.UpdateKey(key with { RotationEnabled = false, RotationPeriodInDays = null, NextRotationAt = null });
            return new DisableKeyRotationResponse();
        });

    public Task<DisableKeyRotationResponse> DisableKeyRotationAsync(string keyId, CancellationToken cancellationToken = default) =>
        DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = keyId }, cancellationToken);

    public Task<GetKeyRotationStatusResponse> GetKeyRotationStatusAsync(GetKeyRotationStatusRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = ResolveKey(request.KeyId);
            Authorize("kms:GetKeyRotationStatus", key);
            RequireSymmetric(key);
            return new GetKeyRotationStatusResponse
            {
                KeyId = key.KeyId,
                KeyRotationEnabled = key.RotationEnabled,
                RotationPeriodInDays = key.RotationPeriodInDays,
                NextRotationDate = key.NextRotationAt?.UtcDateTime,
            };
        });

    public Task<GetKeyRotationStatusResponse> GetKeyRotationStatusAsync(string keyId, CancellationToken cancellationToken = default) =>
        GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }, cancellationToken);

    public Task<RotateKeyOnDemandResponse> RotateKeyOnDemandAsync(RotateKeyOnDemandRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = RotatableKey(request.KeyId, "RotateKeyOnDemand");
            if (key.OnDemandRotations >= MaxOnDemandRotations)
            {
                throw KmsErrors.LimitExceeded(
                    $"The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {KeyArn(key)}");
            }

            // An on-demand rotation leaves the automatic schedule as it is. When this call did not rotate (another
            // rotation of the key is under way, or finished first), saying it did would tell a caller rotating after a
            // suspected compromise that new material is in use when it is not. AWS's ConflictException is its answer
            // for "a rotation of this key is in progress": a retry can succeed, which KMSInvalidStateException (the
            // key's state forbids the operation) would not suggest.
            var now = Now;
            if (!_materials.Rotate(key, now, onDemand: true, nextRotationAt: null, now))
            {
                throw KmsErrors.Conflict($"A key material rotation of {KeyArn(key)} is in progress. Try again later.");
            }

            return new RotateKeyOnDemandResponse { KeyId = KeyArn(key) };
        });

    public Task<ListKeyRotationsResponse> ListKeyRotationsAsync(ListKeyRotationsRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.Limit, "limit", 1, 1000).Length(request.Marker, "marker", 1, 1024).ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:ListKeyRotations", key);
            RequireSymmetric(key);
            var after = 0;
            if (request.Marker is not null && !int.TryParse(request.Marker, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            {
                throw KmsErrors.InvalidMarker();
            }

            var limit = request.Limit ?? 100;
            var rotations = _store.ListMaterials(key.KeyId).Where(m => m.RotationType is not null && m.Version > after).ToList();
            var page = rotations.Take(limit).ToList();
            var truncated = rotations.Count > limit;
            return new ListKeyRotationsResponse
            {
                Rotations = page.Select(m => new RotationsListEntry
                {
                    KeyId = key.KeyId,
                    KeyMaterialId = m.MaterialId,
                    RotationDate = m.CreatedAt.UtcDateTime,
                    RotationType = m.RotationType,
                }).ToList(),
                Truncated = truncated,
                NextMarker = truncated ? page[^1].Version.ToString(CultureInfo.InvariantCulture) : null,
            };
        });

    private KeyRecord RotatableKey(string? keyId, string operation, Action<AuthorizationContext>? conditions = null)
    {
        var key = ResolveKey(keyId);
        Authorize($"kms:{operation}", key, conditions);
        RequireState(key, KeyStateRule.EnabledOnly);
        RequireSymmetric(key);
        if (key.Origin != OriginType.AWS_KMS.Value)
        {
            throw KmsErrors.Unsupported($"{KeyArn(key)} origin is {key.Origin} which is not valid for this operation.");
        }

        return key;
    }

    /// <summary>Only symmetric encryption keys rotate (AWS answers an empty UnsupportedOperationException).</summary>
    private static void RequireSymmetric(KeyRecord key)
    {
        if (KeySpecInfo.Get(key.KeySpec).Family != KeyFamily.Symmetric)
        {
            throw KmsErrors.Unsupported(string.Empty);
        }
    }
}
