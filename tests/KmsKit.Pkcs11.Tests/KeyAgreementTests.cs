using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class KeyAgreementTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Theory]
    [InlineData("ECC_NIST_P256", "nistP256")]
    [InlineData("ECC_NIST_P521", "nistP521")]
    public async Task DeriveSharedSecret_equals_dotnet_raw_ECDH(string spec, string curve)
    {
        var key = await Create(_kms, spec, "KEY_AGREEMENT");
        using var peer = ECDiffieHellman.Create(ECCurve.CreateFromFriendlyName(curve));
        var response = await _kms.DeriveSharedSecretAsync(new DeriveSharedSecretRequest
        {
            KeyId = key.KeyId,
            KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH,
            PublicKey = new MemoryStream(peer.ExportSubjectPublicKeyInfo()),
        });

        using var kmsPublic = ECDiffieHellman.Create();
        kmsPublic.ImportSubjectPublicKeyInfo((await _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId })).PublicKey.ToArray(), out _);
        Assert.Equal(peer.DeriveRawSecretAgreement(kmsPublic.PublicKey), response.SharedSecret.ToArray());
        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(KeyAgreementAlgorithmSpec.ECDH, response.KeyAgreementAlgorithm);
    }

    [Fact]
    public async Task DeriveSharedSecret_validates_as_AWS()
    {
        var key = await Create(_kms, "ECC_NIST_P256", "KEY_AGREEMENT");
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        await KmsAssert.Validation("1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]",
            () => _kms.DeriveSharedSecretAsync(new DeriveSharedSecretRequest { KeyId = key.KeyId, KeyAgreementAlgorithm = "INVALID", PublicKey = new MemoryStream(peer.ExportSubjectPublicKeyInfo()) }));

        using var otherCurve = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        await KmsAssert.Validation("PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of an ECC_NIST_P256 public key.",
            () => _kms.DeriveSharedSecretAsync(new DeriveSharedSecretRequest { KeyId = key.KeyId, KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH, PublicKey = new MemoryStream(otherCurve.ExportSubjectPublicKeyInfo()) }));

        var signing = await Create(_kms, "ECC_NIST_P256", "SIGN_VERIFY");
        await KmsAssert.Throws<InvalidKeyUsageException>($"{signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.",
            () => _kms.DeriveSharedSecretAsync(new DeriveSharedSecretRequest { KeyId = signing.KeyId, KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH, PublicKey = new MemoryStream(peer.ExportSubjectPublicKeyInfo()) }));
    }
}
