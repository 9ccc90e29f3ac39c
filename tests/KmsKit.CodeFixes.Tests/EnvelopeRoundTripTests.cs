using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Envelope;
using KmsKit.Pkcs11.Engine;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// The code the KMS001 fix writes, run for real against the PKCS#11 engine (SoftHSM2): what it encrypts decrypts
/// to the original, tampering and a wrong context are rejected, and ordinary KMS ciphertexts still decrypt.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class EnvelopeRoundTripTests
{
    private readonly Engine _engine;

    public EnvelopeRoundTripTests(Engine engine) => _engine = engine;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Decrypts_what_it_encrypted(int size)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var context = new Dictionary<string, string> { ["file"] = "report.pdf" };

        var sealedData = await EnvelopeEncryption.EncryptAsync(_engine.Kms, new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream(data), EncryptionContext = context });
        var opened = await EnvelopeEncryption.DecryptAsync(_engine.Kms, new DecryptRequest { KeyId = _engine.KeyId, CiphertextBlob = sealedData.CiphertextBlob, EncryptionContext = context });

        Assert.Equal(data, opened.Plaintext.ToArray());
        Assert.Equal(_engine.KeyArn, sealedData.KeyId);
    }

    [Fact]
    public async Task Rejects_a_changed_byte_and_a_changed_context()
    {
        var context = new Dictionary<string, string> { ["file"] = "report.pdf" };
        var blob = (await EnvelopeEncryption.EncryptAsync(_engine.Kms, new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream(new byte[10_000]), EncryptionContext = context }))
            .CiphertextBlob.ToArray();

        var tampered = (byte[])blob.Clone();
        tampered[^1] ^= 1;
        await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            EnvelopeEncryption.DecryptAsync(_engine.Kms, new DecryptRequest { CiphertextBlob = new MemoryStream(tampered), EncryptionContext = context }));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            EnvelopeEncryption.DecryptAsync(_engine.Kms, new DecryptRequest { CiphertextBlob = new MemoryStream(blob), EncryptionContext = new() { ["file"] = "other.pdf" } }));
    }

    [Fact]
    public async Task Passes_ordinary_kms_ciphertexts_to_kms()
    {
        var direct = await _engine.Kms.EncryptAsync(new EncryptRequest { KeyId = _engine.KeyId, Plaintext = new MemoryStream([1, 2, 3]) });

        var opened = await EnvelopeEncryption.DecryptAsync(_engine.Kms, new DecryptRequest { CiphertextBlob = direct.CiphertextBlob });

        Assert.Equal(new byte[] { 1, 2, 3 }, opened.Plaintext.ToArray());
    }

    /// <summary>One embedded engine (a SoftHSM2 token in a temporary folder) and one symmetric key for the class.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("kmskit-envelope-").FullName;

        public IAmazonKeyManagementService Kms { get; private set; } = null!;

        public string KeyId { get; private set; } = string.Empty;

        public string KeyArn { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Kms = Pkcs11Kms.OpenEmbedded(_folder);
            var key = await Kms.CreateKeyAsync(new CreateKeyRequest { Description = "envelope round trip" });
            KeyId = key.KeyMetadata.KeyId;
            KeyArn = key.KeyMetadata.Arn;
        }

        /// <summary>Points <paramref name="alias"/> at the key, once per engine.</summary>
        public async Task AliasAsync(string alias)
        {
            try
            {
                await Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = KeyId });
            }
            catch (AlreadyExistsException)
            {
                // Made by an earlier test of the collection.
            }
        }

        public Task DisposeAsync()
        {
            Kms.Dispose();
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
