using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class UnsupportedTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task Operations_not_implemented_yet_say_which_they_are()
    {
        await KmsAssert.Throws<UnsupportedOperationException>("ReplicateKey is not supported by the PKCS#11 engine yet.",
            () => _kms.ReplicateKeyAsync(new ReplicateKeyRequest()));
        await KmsAssert.Throws<UnsupportedOperationException>("UpdatePrimaryRegion is not supported by the PKCS#11 engine yet.",
            () => _kms.UpdatePrimaryRegionAsync(new UpdatePrimaryRegionRequest()));
    }

    [Fact]
    public async Task Recipient_attestation_is_refused_clearly()
    {
        var key = await Create(_kms);
        await KmsAssert.Throws<UnsupportedOperationException>("Recipient (Nitro Enclaves attestation) is not supported by the PKCS#11 engine.",
            () => _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
            {
                KeyId = key.KeyId,
                KeySpec = DataKeySpec.AES_256,
                Recipient = new RecipientInfo { AttestationDocument = Bytes(1), KeyEncryptionAlgorithm = KeyEncryptionMechanism.RSAES_OAEP_SHA_256 },
            }));
    }
}
