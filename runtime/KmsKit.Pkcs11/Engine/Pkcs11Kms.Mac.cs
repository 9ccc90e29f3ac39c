using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

// HMAC keys: GenerateMac, VerifyMac.
public sealed partial class Pkcs11Kms
{
    public Task<GenerateMacResponse> GenerateMacAsync(GenerateMacRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var (key, algorithm) = MacInput(request.KeyId, request.Message, request.MacAlgorithm?.Value, "GenerateMac", null);
            ThrowIfDryRun(request.DryRun);
            return Used(key, "GenerateMac", new GenerateMacResponse
            {
                KeyId = KeyArn(key),
                Mac = Stream(ComputeMac(key, algorithm, request.Message.ToArray())),
                MacAlgorithm = algorithm,
            });
        });

    public Task<VerifyMacResponse> VerifyMacAsync(VerifyMacRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var (key, algorithm) = MacInput(request.KeyId, request.Message, request.MacAlgorithm?.Value, "VerifyMac", request.Mac);
            ThrowIfDryRun(request.DryRun);
            var expected = ComputeMac(key, algorithm, request.Message.ToArray());
            if (!CryptographicOperations.FixedTimeEquals(expected, request.Mac.ToArray()))
            {
                throw KmsErrors.InvalidMac();
            }

            return Used(key, "VerifyMac", new VerifyMacResponse { KeyId = KeyArn(key), MacValid = true, MacAlgorithm = algorithm });
        });

    private (KeyRecord Key, string Algorithm) MacInput(string? keyId, System.IO.MemoryStream? message, string? algorithm, string operation, System.IO.MemoryStream? mac)
    {
        var validation = new RequestValidation()
            .Required(message, "message")
            .Length(message, "message", 1, MaxPlaintextLength)
            .Required(algorithm, "macAlgorithm")
            .OneOf(algorithm, "macAlgorithm", AwsEnumValues.MacAlgorithm);
        if (operation == "VerifyMac")
        {
            validation.Required(mac, "mac").Length(mac, "mac", 1, MaxCiphertextLength);
        }

        validation.ThrowIfInvalid();
        var key = UsableKey(keyId, operation, KeyUsageType.GENERATE_VERIFY_MAC.Value, conditions => conditions.Add("kms:MacAlgorithm", algorithm!));
        if (!KeySpecInfo.Get(key.KeySpec).MacAlgorithms.Contains(algorithm))
        {
            throw KmsErrors.IncompatibleAlgorithm(algorithm!, key.KeySpec);
        }

        return (key, algorithm!);
    }

    private byte[] ComputeMac(KeyRecord key, string algorithm, byte[] message)
    {
        var mechanism = algorithm switch
        {
            _ when algorithm == MacAlgorithmSpec.HMAC_SHA_224.Value => CKM.CKM_SHA224_HMAC,
            _ when algorithm == MacAlgorithmSpec.HMAC_SHA_256.Value => CKM.CKM_SHA256_HMAC,
            _ when algorithm == MacAlgorithmSpec.HMAC_SHA_384.Value => CKM.CKM_SHA384_HMAC,
            _ => CKM.CKM_SHA512_HMAC,
        };
        return _token.Mac(_materials.MaterialTokenId(key.KeyId, key.CurrentVersion), mechanism, message);
    }
}
