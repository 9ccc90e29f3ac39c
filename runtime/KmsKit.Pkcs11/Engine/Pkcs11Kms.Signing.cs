using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace KmsKit.Pkcs11.Engine;

// Asymmetric keys: Sign, Verify, GetPublicKey.
public sealed partial class Pkcs11Kms
{
    public Task<SignResponse> SignAsync(SignRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var (key, algorithm, digest) = SigningInput(request.KeyId, request.Message, request.MessageType?.Value, request.SigningAlgorithm?.Value, "Sign", null);
            ThrowIfDryRun(request.DryRun);
            var id = _materials.MaterialTokenId(key.KeyId, key.CurrentVersion);
            using var parameters = SignatureParameters(algorithm);
            var signature = algorithm.Scheme switch
            {
                SignatureScheme.Ecdsa => EcdsaSignatureEncoding.ToDer(_token.Sign(id, CKM.CKM_ECDSA, null, digest)),
                SignatureScheme.Pss => _token.Sign(id, CKM.CKM_RSA_PKCS_PSS, parameters, digest),
                _ => _token.Sign(id, CKM.CKM_RSA_PKCS, null, DigestInfo.Wrap(algorithm.Hash, digest)),
            };
            return Used(key, "Sign", new SignResponse { KeyId = KeyArn(key), Signature = Stream(signature), SigningAlgorithm = algorithm.Name });
        });

    public Task<VerifyResponse> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var (key, algorithm, digest) = SigningInput(request.KeyId, request.Message, request.MessageType?.Value, request.SigningAlgorithm?.Value, "Verify", request.Signature);
            ThrowIfDryRun(request.DryRun);
            var id = _materials.MaterialTokenId(key.KeyId, key.CurrentVersion);
            var signature = request.Signature.ToArray();
            using var parameters = SignatureParameters(algorithm);
            var valid = algorithm.Scheme switch
            {
                SignatureScheme.Ecdsa => EcdsaSignatureEncoding.TryToRaw(signature, KeySpecInfo.Get(key.KeySpec).Size, out var raw)
                    && _token.Verify(id, CKM.CKM_ECDSA, null, digest, raw),
                SignatureScheme.Pss => _token.Verify(id, CKM.CKM_RSA_PKCS_PSS, parameters, digest, signature),
                _ => _token.Verify(id, CKM.CKM_RSA_PKCS, null, DigestInfo.Wrap(algorithm.Hash, digest), signature),
            };
            if (!valid)
            {
                throw KmsErrors.InvalidSignature();
            }

            return Used(key, "Verify", new VerifyResponse { KeyId = KeyArn(key), SignatureValid = true, SigningAlgorithm = algorithm.Name });
        });

    public Task<GetPublicKeyResponse> GetPublicKeyAsync(GetPublicKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var key = ResolveKey(request.KeyId);
            Authorize("kms:GetPublicKey", key, requestedKeyId: request.KeyId);
            // AWS answers for disabled keys too (the key state table says otherwise).
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            var spec = KeySpecInfo.Get(key.KeySpec);
            if (spec.Family is not (KeyFamily.Rsa or KeyFamily.Ecc))
            {
                throw KmsErrors.Unsupported($"{KeyArn(key)} key spec is {key.KeySpec} which is not valid for GetPublicKey.");
            }

            return new GetPublicKeyResponse
            {
                KeyId = KeyArn(key),
                PublicKey = Stream(_publicKeys.SubjectPublicKeyInfo(_materials.MaterialId(key.KeyId, key.CurrentVersion), spec)),
                KeySpec = key.KeySpec,
#pragma warning disable CS0618 // AWS still returns the deprecated CustomerMasterKeySpec
                CustomerMasterKeySpec = key.KeySpec,
#pragma warning restore CS0618
                KeyUsage = key.KeyUsage,
                EncryptionAlgorithms = NullIfEmpty(spec.EncryptionAlgorithms(key.KeyUsage)),
                SigningAlgorithms = NullIfEmpty(spec.SigningAlgorithms(key.KeyUsage)),
                KeyAgreementAlgorithms = NullIfEmpty(spec.KeyAgreementAlgorithms(key.KeyUsage)),
            };
        });

    /// <summary>Validates a Sign or Verify request and returns the digest to sign or verify.</summary>
    private (KeyRecord Key, SigningAlgorithm Algorithm, byte[] Digest) SigningInput(
        string? keyId, System.IO.MemoryStream? message, string? messageType, string? algorithmName, string operation, System.IO.MemoryStream? signature)
    {
        var validation = new RequestValidation()
            .Required(message, "message")
            .Length(message, "message", 1, MaxPlaintextLength)
            .Required(algorithmName, "signingAlgorithm")
            .OneOf(algorithmName, "signingAlgorithm", AwsEnumValues.SigningAlgorithm)
            .OneOf(messageType, "messageType", AwsEnumValues.MessageType);
        if (operation == "Verify")
        {
            validation.Required(signature, "signature").Length(signature, "signature", 1, MaxCiphertextLength);
        }

        validation.ThrowIfInvalid();
        var key = UsableKey(keyId, operation, KeyUsageType.SIGN_VERIFY.Value, conditions => conditions.Add("kms:SigningAlgorithm", algorithmName!));
        if (!KeySpecInfo.Get(key.KeySpec).SigningAlgorithms(key.KeyUsage).Contains(algorithmName))
        {
            throw KmsErrors.IncompatibleAlgorithm(algorithmName!, key.KeySpec);
        }

        var algorithm = SigningAlgorithm.Find(algorithmName!)!;
        var bytes = message!.ToArray();
        if (messageType != MessageType.DIGEST.Value)
        {
            return (key, algorithm, algorithm.Digest(bytes));
        }

        if (bytes.Length != algorithm.DigestLength)
        {
            throw KmsErrors.Validation($"Digest is invalid length for algorithm {algorithm.Name}.");
        }

        return (key, algorithm, bytes);
    }

    /// <summary>PSS parameters (salt length = hash length, as KMS); null for the other schemes.</summary>
    private static ICkRsaPkcsPssParams? SignatureParameters(SigningAlgorithm algorithm) =>
        algorithm.Scheme == SignatureScheme.Pss ? Mechanisms.Pss(algorithm.HashMechanism, algorithm.Mgf, algorithm.DigestLength) : null;
}
