using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Runtime.Signing;

namespace KmsKit.Runtime.Tests.Signing;

/// <summary>
/// The verifier fetching its public key from a real KMS (the PKCS#11 engine) and checking the engine's own signatures
/// with one GetPublicKey call, counted at the client.
/// </summary>
[Collection(EmbeddedEngineCollection.Name)]
public sealed class KmsSignatureVerifierEngineTests
{
    private static readonly byte[] Message = "a message signed by a KMS key"u8.ToArray();
    private readonly EmbeddedEngine _engine;

    public KmsSignatureVerifierEngineTests(EmbeddedEngine engine) => _engine = engine;

    [Theory]
    [InlineData("ECC_NIST_P256", "ECDSA_SHA_256")]
    [InlineData("ECC_NIST_P384", "ECDSA_SHA_384")]
    [InlineData("RSA_2048", "RSASSA_PSS_SHA_256")]
    [InlineData("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512")]
    public async Task Signatures_made_by_KMS_verify_locally_after_one_GetPublicKey(string keySpec, string algorithm)
    {
        var keyId = await CreateKeyAsync(keySpec, KeyUsageType.SIGN_VERIFY);
        var counting = CountingKms.Wrap(_engine.Kms);
        var signingAlgorithm = SigningAlgorithmSpec.FindValue(algorithm);

        using var verifier = await KmsSignatureVerifier.CreateAsync(counting, keyId);
        for (var i = 0; i < 3; i++)
        {
            var message = Message.Append((byte)i).ToArray();
            var signature = await SignAsync(keyId, message, signingAlgorithm);

            Assert.True(verifier.Verify(message, signature, signingAlgorithm));
            Assert.False(verifier.Verify(Message, signature, signingAlgorithm));
        }

        Assert.Equal(keyId, verifier.KeyId);
        Assert.Equal(1, CountingKms.Calls(counting, nameof(IAmazonKeyManagementService.GetPublicKeyAsync)));
        Assert.Equal(0, CountingKms.Calls(counting, nameof(IAmazonKeyManagementService.VerifyAsync)));
    }

    [Fact]
    public async Task A_key_that_does_not_sign_is_refused_naming_its_usage()
    {
        var keyId = await CreateKeyAsync("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => KmsSignatureVerifier.CreateAsync(_engine.Kms, keyId));

        Assert.Contains("ENCRYPT_DECRYPT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_KMS_does_not_know_is_refused_with_the_KMS_error()
    {
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => KmsSignatureVerifier.CreateAsync(_engine.Kms, "alias/no-such-key"));

        Assert.Contains("NotFoundException", error.Message, StringComparison.Ordinal);
        Assert.IsType<NotFoundException>(error.InnerException);
    }

    private async Task<string> CreateKeyAsync(string keySpec, KeyUsageType usage) =>
        (await _engine.Kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.FindValue(keySpec), KeyUsage = usage })).KeyMetadata.Arn;

    private async Task<byte[]> SignAsync(string keyId, byte[] message, SigningAlgorithmSpec algorithm)
    {
        var response = await _engine.Kms.SignAsync(new SignRequest { KeyId = keyId, Message = new MemoryStream(message), MessageType = MessageType.RAW, SigningAlgorithm = algorithm });
        return response.Signature.ToArray();
    }
}
