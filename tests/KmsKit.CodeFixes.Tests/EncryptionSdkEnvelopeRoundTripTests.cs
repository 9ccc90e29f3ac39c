using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using KmsKit.Envelope;
using KmsKit.Runtime;
using KmsKit.Runtime.Keyrings.AwsKms;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// The code the KMS001 fix writes for projects that reference KmsKit.Runtime, run for real against the PKCS#11 engine
/// (SoftHSM2): its messages decrypt to the original with a key id, an ARN or no key named, are AWS Encryption SDK
/// messages the runtime reads, reject a wrong context, and ordinary KMS ciphertexts still decrypt.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class EncryptionSdkEnvelopeRoundTripTests
{
    private static readonly Dictionary<string, string> Context = new() { ["file"] = "report.pdf" };
    private readonly EnvelopeRoundTripTests.Engine _engine;

    public EncryptionSdkEnvelopeRoundTripTests(EnvelopeRoundTripTests.Engine engine) => _engine = engine;

    [Theory]
    [InlineData(0, "id")]
    [InlineData(5000, "arn")]
    [InlineData(1 << 20, "none")]
    public async Task Decrypts_what_it_encrypted(int size, string keyNamed)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var sealedData = await EncryptionSdkEnvelope.EncryptAsync(_engine.Kms, new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream(data), EncryptionContext = Context });

        var keyId = keyNamed switch { "id" => _engine.KeyId, "arn" => _engine.KeyArn, _ => null };
        var opened = await EncryptionSdkEnvelope.DecryptAsync(_engine.Kms, new DecryptRequest { KeyId = keyId, CiphertextBlob = sealedData.CiphertextBlob, EncryptionContext = Context });

        Assert.Equal(data, opened.Plaintext.ToArray());
        Assert.Equal(keyId is null ? null : _engine.KeyArn, opened.KeyId);
    }

    [Fact]
    public async Task Writes_encryption_sdk_messages_that_the_runtime_reads()
    {
        var sealedData = await EncryptionSdkEnvelope.EncryptAsync(_engine.Kms, new EncryptRequest { KeyId = _engine.KeyArn, Plaintext = new MemoryStream([1, 2, 3]), EncryptionContext = Context });

        var result = await new EncryptionClient().DecryptAsync(sealedData.CiphertextBlob.ToArray(), new AwsKmsKeyring(_engine.Kms, _engine.KeyArn), Context);

        Assert.Equal(new byte[] { 1, 2, 3 }, result.Plaintext);
        Assert.Equal("report.pdf", result.Info.EncryptionContext["file"]);
    }

    [Fact]
    public async Task Rejects_a_changed_context_as_kms_would()
    {
        var sealedData = await EncryptionSdkEnvelope.EncryptAsync(_engine.Kms, new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream(new byte[100]), EncryptionContext = Context });

        await Assert.ThrowsAsync<InvalidCiphertextException>(() => EncryptionSdkEnvelope.DecryptAsync(
            _engine.Kms, new DecryptRequest { CiphertextBlob = sealedData.CiphertextBlob, EncryptionContext = new() { ["file"] = "other.pdf" } }));
    }

    [Fact]
    public async Task Passes_ordinary_kms_ciphertexts_to_kms()
    {
        var direct = await _engine.Kms.EncryptAsync(new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream([4, 5, 6]), EncryptionContext = Context });

        var opened = await EncryptionSdkEnvelope.DecryptAsync(_engine.Kms, new DecryptRequest { KeyId = _engine.KeyId, CiphertextBlob = direct.CiphertextBlob, EncryptionContext = Context });

        Assert.Equal(new byte[] { 4, 5, 6 }, opened.Plaintext.ToArray());
    }
}
