using System;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

// Imported key material (Origin EXTERNAL, symmetric and HMAC keys): GetParametersForImport, ImportKeyMaterial,
// DeleteImportedKeyMaterial; expiry at ValidTo.
public sealed partial class Pkcs11Kms
{
    private static readonly TimeSpan ImportParametersLifetime = TimeSpan.FromHours(24);

    private static readonly string[] WrappingAlgorithms =
        [AlgorithmSpec.RSAES_PKCS1_V1_5.Value, AlgorithmSpec.RSAES_OAEP_SHA_1.Value, AlgorithmSpec.RSAES_OAEP_SHA_256.Value, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1.Value, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256.Value, AlgorithmSpec.SM2PKE.Value];

    private static readonly string[] WrappingKeySpecs =
        [WrappingKeySpec.RSA_2048.Value, WrappingKeySpec.RSA_3072.Value, WrappingKeySpec.RSA_4096.Value, WrappingKeySpec.SM2.Value];

    public Task<GetParametersForImportResponse> GetParametersForImportAsync(GetParametersForImportRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation()
                .Required(request.WrappingAlgorithm, "wrappingAlgorithm")
                .OneOf(request.WrappingAlgorithm?.Value, "wrappingAlgorithm", WrappingAlgorithms)
                .Required(request.WrappingKeySpec, "wrappingKeySpec")
                .OneOf(request.WrappingKeySpec?.Value, "wrappingKeySpec", WrappingKeySpecs)
                .ThrowIfInvalid();
            var key = ImportableKey(request.KeyId, "GetParametersForImport");
            var algorithm = request.WrappingAlgorithm!.Value;
            var spec = request.WrappingKeySpec!.Value;
            if (algorithm is "RSAES_PKCS1_V1_5" or "SM2PKE" || spec == "SM2")
            {
                throw KmsErrors.Unsupported($"Wrapping algorithm {algorithm} with wrapping key spec {spec} is not supported by the PKCS#11 engine.");
            }

            var now = Now;
            var token = RandomNumberGenerator.GetBytes(32);
            var import = new ImportRecord(Convert.ToHexString(token), key.KeyId, KeyMaterials.NewMaterialId(), algorithm, spec, now + ImportParametersLifetime);
            // The row first: a crash before the HSM write leaves a row that expires and is cleaned up.
            _store.AddImport(import);
            _token.GenerateRsa(KeyMaterials.TokenId(import.WrappingMaterialId), $"kmskit:{key.KeyId}:import", KeySpecInfo.Get(spec).Size, signing: false);
            return new GetParametersForImportResponse
            {
                KeyId = KeyArn(key),
                ImportToken = Stream(token),
                PublicKey = Stream(_publicKeys.SubjectPublicKeyInfo(import.WrappingMaterialId, KeySpecInfo.Get(spec))),
                ParametersValidTo = import.ValidTo.UtcDateTime,
            };
        });

    public Task<ImportKeyMaterialResponse> ImportKeyMaterialAsync(ImportKeyMaterialRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation()
                .Required(request.ImportToken, "importToken")
                .Length(request.ImportToken, "importToken", 1, 6144)
                .Required(request.EncryptedKeyMaterial, "encryptedKeyMaterial")
                .Length(request.EncryptedKeyMaterial, "encryptedKeyMaterial", 1, 6144)
                .OneOf(request.ExpirationModel?.Value, "expirationModel", ["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"])
                .ThrowIfInvalid();
            var expirationModel = request.ExpirationModel?.Value ?? "KEY_MATERIAL_EXPIRES";
            DateTimeOffset? validTo = request.ValidTo is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null;
            if (expirationModel == "KEY_MATERIAL_EXPIRES" && validTo is null)
            {
                throw KmsErrors.Validation("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
            }

            if (expirationModel == "KEY_MATERIAL_DOES_NOT_EXPIRE" && validTo is not null)
            {
                throw KmsErrors.Validation("A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
            }

            var key = ImportableKey(request.KeyId, "ImportKeyMaterial");
            var now = Now;
            if (validTo <= now)
            {
                throw KmsErrors.Validation("The validTo date must be in the future.");
            }

            var import = _store.FindImport(Convert.ToHexString(request.ImportToken.ToArray()));
            if (import is null || import.KeyId != key.KeyId)
            {
                throw KmsErrors.InvalidImportToken();
            }

            if (import.ValidTo <= now)
            {
                throw KmsErrors.ExpiredImportToken();
            }

            var value = Unwrap(import, request.EncryptedKeyMaterial.ToArray()) ?? throw KmsErrors.InvalidCiphertext();
            try
            {
                var material = key.State == KeyStates.PendingImport
                    ? ImportFirstMaterial(key, value, now, expirationModel, validTo)
                    : ReimportSameMaterial(key, value, expirationModel, validTo);
                return new ImportKeyMaterialResponse { KeyId = KeyArn(key), KeyMaterialId = material };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(value);
            }
        });

    public Task<DeleteImportedKeyMaterialResponse> DeleteImportedKeyMaterialAsync(DeleteImportedKeyMaterialRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = ImportableKey(request.KeyId, "DeleteImportedKeyMaterial");
            if (key.State != KeyStates.PendingImport)
            {
                _materials.RemoveAll(key);
            }

            return new DeleteImportedKeyMaterialResponse { KeyId = KeyArn(key) };
        });

    private string ImportFirstMaterial(KeyRecord key, byte[] value, DateTimeOffset now, string expirationModel, DateTimeOffset? validTo)
    {
        var spec = KeySpecInfo.Get(key.KeySpec);
        if (!ValidImportLength(spec, value.Length))
        {
            throw KmsErrors.Validation(spec.Family == KeyFamily.Hmac
                ? $"Key material for {spec.Name} must be {spec.Size} to {MaxHmacImportLength(spec)} bytes long."
                : "Key material for SYMMETRIC_DEFAULT must be 32 bytes long.");
        }

        var material = _materials.Import(key, value, now);
        _store.CompleteImport(material, expirationModel, validTo);
        return material.MaterialId;
    }

    /// <summary>As AWS: material imported again must be the same; only its expiration changes.</summary>
    private string ReimportSameMaterial(KeyRecord key, byte[] value, string expirationModel, DateTimeOffset? validTo)
    {
        var current = _materials.MaterialTokenId(key.KeyId, key.CurrentVersion);
        var same = ValidImportLength(KeySpecInfo.Get(key.KeySpec), value.Length) && _materials.WithScratchCopy(key, value,
            scratch => CryptographicOperations.FixedTimeEquals(Fingerprint(key, scratch), Fingerprint(key, current)));
        if (!same)
        {
            throw KmsErrors.IncorrectKeyMaterial();
        }

        _store.UpdateKey(key with { ExpirationModel = expirationModel, ValidTo = validTo });
        return _materials.MaterialId(key.KeyId, key.CurrentVersion);
    }

    /// <summary>
    /// The material from its wrapping: RSA-OAEP under the import's wrapping key (in the HSM), and for
    /// RSA_AES_KEY_WRAP_* an ephemeral AES key that unwraps the material (RFC 5649). Null when it does not unwrap.
    /// </summary>
    private byte[]? Unwrap(ImportRecord import, byte[] encrypted)
    {
        var bits = KeySpecInfo.Get(import.WrappingKeySpec).Size;
        var oaep = import.WrappingAlgorithm.EndsWith("SHA_1", StringComparison.Ordinal) ? EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1.Value : EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256.Value;
        if (!import.WrappingAlgorithm.StartsWith("RSA_AES_KEY_WRAP", StringComparison.Ordinal))
        {
            return _rsa.TryDecrypt(import.WrappingMaterialId, bits, oaep, encrypted);
        }

        if (encrypted.Length <= bits / 8)
        {
            return null;
        }

        var ephemeral = _rsa.TryDecrypt(import.WrappingMaterialId, bits, oaep, encrypted[..(bits / 8)]);
        if (ephemeral is null)
        {
            return null;
        }

        try
        {
            return Crypto.AesKeyWrapPadding.TryUnwrap(ephemeral, encrypted.AsSpan(bits / 8));
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeral);
        }
    }

    /// <summary>A value only the same material produces: a MAC or a GCM encryption of zeros under a fixed IV.</summary>
    private byte[] Fingerprint(KeyRecord key, byte[] id) =>
        KeySpecInfo.Get(key.KeySpec).Family == KeyFamily.Hmac
            ? _token.Mac(id, CKM.CKM_SHA256_HMAC, new byte[32])
            : _token.EncryptAesGcm(id, new byte[12], [], new byte[32]);

    private KeyRecord ImportableKey(string? keyId, string operation)
    {
        var key = ResolveKey(keyId);
        Authorize($"kms:{operation}", key);
        RequireState(key, KeyStateRule.EnabledOrDisabled);
        if (key.Origin != OriginType.EXTERNAL.Value)
        {
            throw KmsErrors.Unsupported($"{KeyArn(key)} origin is {key.Origin} which is not valid for this operation.");
        }

        return key;
    }

    /// <summary>Imported material that expired is destroyed; the key goes back to pending import.</summary>
    private KeyRecord ExpireImportedMaterial(KeyRecord key, DateTimeOffset now)
    {
        if (key.ValidTo is null || key.ValidTo > now || key.State is not (KeyStates.Enabled or KeyStates.Disabled))
        {
            return key;
        }

        _materials.RemoveAll(key);
        return _store.FindKey(key.Scope, key.KeyId) ?? throw KmsErrors.KeyNotFound(KeyArn(key));
    }

    private void RemoveExpiredImportParameters(DateTimeOffset now)
    {
        foreach (var import in _store.ListImportsValidBefore(now))
        {
            _token.Destroy(KeyMaterials.TokenId(import.WrappingMaterialId));
            _store.DeleteImport(import.ImportToken);
        }
    }

    private static bool ValidImportLength(KeySpecInfo spec, int length) =>
        spec.Family == KeyFamily.Hmac ? length >= spec.Size && length <= MaxHmacImportLength(spec) : length == 32;

    private static int MaxHmacImportLength(KeySpecInfo spec) => spec.Size <= 32 ? 64 : 128;
}
