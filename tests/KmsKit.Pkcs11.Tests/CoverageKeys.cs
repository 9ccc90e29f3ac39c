using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

/// <summary>The keys the valid requests of <see cref="ValidRequests"/> name: one of each kind an operation needs.</summary>
internal sealed record CoverageKeys(
    KeyMetadata Symmetric,
    byte[] Ciphertext,
    KeyMetadata RsaSigning,
    KeyMetadata Hmac,
    KeyMetadata EccAgreement,
    KeyMetadata Imported)
{
    public const string Grantee = "arn:aws:iam::111122223333:role/App";

    /// <summary>The engine fixture's caller, so that it may retire the grants it makes.</summary>
    public const string Caller = "arn:aws:iam::111122223333:root";

    public static async Task<CoverageKeys> CreateAsync(IAmazonKeyManagementService kms)
    {
        var symmetric = await Create(kms);
        var ciphertext = (await kms.EncryptAsync(new EncryptRequest { KeyId = symmetric.KeyId, Plaintext = Bytes(4, 2) })).CiphertextBlob.ToArray();
        return new CoverageKeys(
            symmetric,
            ciphertext,
            await Create(kms, KeySpec.RSA_2048.Value, KeyUsageType.SIGN_VERIFY.Value),
            await Create(kms, KeySpec.HMAC_256.Value, KeyUsageType.GENERATE_VERIFY_MAC.Value),
            await Create(kms, KeySpec.ECC_NIST_P256.Value, KeyUsageType.KEY_AGREEMENT.Value),
            await CreateImportedAsync(kms));
    }

    /// <summary>A symmetric key with origin EXTERNAL and imported material that does not expire.</summary>
    public static async Task<KeyMetadata> CreateImportedAsync(IAmazonKeyManagementService kms)
    {
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        await kms.ImportKeyMaterialAsync(await ImportRequestAsync(kms, key.KeyId));
        return key;
    }

    /// <summary>A valid ImportKeyMaterial request for the EXTERNAL key: fresh import parameters, fresh 256-bit material.</summary>
    public static async Task<ImportKeyMaterialRequest> ImportRequestAsync(IAmazonKeyManagementService kms, string keyId)
    {
        var parameters = await kms.GetParametersForImportAsync(new GetParametersForImportRequest
        {
            KeyId = keyId,
            WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
            WrappingKeySpec = WrappingKeySpec.RSA_2048,
        });
        var material = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new ImportKeyMaterialRequest
            {
                KeyId = keyId,
                ImportToken = new MemoryStream(parameters.ImportToken.ToArray()),
                EncryptedKeyMaterial = new MemoryStream(ImportTests.Wrap(parameters, material, AlgorithmSpec.RSAES_OAEP_SHA_256.Value)),
                ExpirationModel = ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
