using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Key agreement: DeriveSharedSecret (raw ECDH).
public sealed partial class Pkcs11Kms
{
    public Task<DeriveSharedSecretResponse> DeriveSharedSecretAsync(DeriveSharedSecretRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            new RequestValidation()
                .Required(request.KeyAgreementAlgorithm, "keyAgreementAlgorithm")
                .OneOf(request.KeyAgreementAlgorithm?.Value, "keyAgreementAlgorithm", AwsEnumValues.KeyAgreementAlgorithm)
                .Required(request.PublicKey, "publicKey")
                .Length(request.PublicKey, "publicKey", 1, 8192)
                .ThrowIfInvalid();
            ThrowIfRecipient(request.Recipient);
            var key = UsableKey(request.KeyId, "DeriveSharedSecret", KeyUsageType.KEY_AGREEMENT.Value,
                conditions => conditions.Add("kms:KeyAgreementAlgorithm", request.KeyAgreementAlgorithm!.Value));
            var spec = KeySpecInfo.Get(key.KeySpec);
            if (!PublicKeyEncoding.TryReadEcPoint(request.PublicKey.ToArray(), spec.CurveOid!, out var peerPoint))
            {
                throw KmsErrors.Validation($"PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of an {key.KeySpec} public key.");
            }

            ThrowIfDryRun(request.DryRun);
            var secret = _token.DeriveEcdh(_materials.MaterialTokenId(key.KeyId, key.CurrentVersion), peerPoint, spec.Size);
            return Used(key, "DeriveSharedSecret", new DeriveSharedSecretResponse
            {
                KeyId = KeyArn(key),
                SharedSecret = Stream(secret),
                KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH,
                KeyOrigin = OriginType.AWS_KMS,
            });
        });
}
