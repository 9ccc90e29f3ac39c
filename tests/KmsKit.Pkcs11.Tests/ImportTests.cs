using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class ImportTests(EngineFixture fixture)
{
    private readonly IAmazonKeyManagementService _kms = fixture.Kms;

    [Fact]
    public async Task An_external_key_is_pending_import_until_material_comes()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        Assert.Equal(KeyState.PendingImport, key.KeyState);
        Assert.Equal(OriginType.EXTERNAL, key.Origin);
        Assert.False(key.Enabled);
        Assert.Null(key.CurrentKeyMaterialId);

        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending import.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending import.",
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));

        var internalKey = await Create(_kms);
        await KmsAssert.Throws<UnsupportedOperationException>($"{internalKey.Arn} origin is AWS_KMS which is not valid for this operation.",
            () => _kms.GetParametersForImportAsync(new GetParametersForImportRequest
            {
                KeyId = internalKey.KeyId,
                WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec = WrappingKeySpec.RSA_2048,
            }));
    }

    [Theory]
    [InlineData("RSAES_OAEP_SHA_256")]
    [InlineData("RSAES_OAEP_SHA_1")]
    [InlineData("RSA_AES_KEY_WRAP_SHA_256")]
    public async Task Imported_symmetric_material_is_the_key_that_encrypts(string algorithm)
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        var material = RandomNumberGenerator.GetBytes(32);
        var imported = await Import(key.KeyId, material, algorithm, KeyMaterial.DoesNotExpire);
        Assert.Equal(key.Arn, imported.KeyId);

        var described = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata;
        Assert.Equal(KeyState.Enabled, described.KeyState);
        Assert.Equal(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE, described.ExpirationModel);
        Assert.Equal(imported.KeyMaterialId, described.CurrentKeyMaterialId);

        // The blob decrypts with .NET's AesGcm under the imported material: the HSM used exactly that key.
        var context = new Dictionary<string, string> { ["k"] = "v" };
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Text("imported"), EncryptionContext = context })).CiphertextBlob.ToArray();
        Assert.Equal("imported", Encoding.UTF8.GetString(DecryptBlobLocally(material, blob, context)));
    }

    [Fact]
    public async Task Imported_HMAC_material_gives_the_MACs_of_dotnet()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest
        {
            Origin = OriginType.EXTERNAL,
            KeySpec = KeySpec.HMAC_256,
            KeyUsage = KeyUsageType.GENERATE_VERIFY_MAC,
        })).KeyMetadata;
        var material = RandomNumberGenerator.GetBytes(48);
        await Import(key.KeyId, material, "RSA_AES_KEY_WRAP_SHA_1", KeyMaterial.DoesNotExpire);

        var message = Encoding.UTF8.GetBytes("mac me");
        var mac = await _kms.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream(message), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        Assert.Equal(HMACSHA256.HashData(material, message), mac.Mac.ToArray());
    }

    [Fact]
    public async Task Import_errors_are_AWS_errors()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        var parameters = await Parameters(key.KeyId, "RSAES_OAEP_SHA_256");
        var wrapped = Wrap(parameters, RandomNumberGenerator.GetBytes(32), "RSAES_OAEP_SHA_256");

        await KmsAssert.Validation("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
            () => _kms.ImportKeyMaterialAsync(new ImportKeyMaterialRequest { KeyId = key.KeyId, ImportToken = parameters.ImportToken, EncryptedKeyMaterial = new MemoryStream(wrapped) }));
        var tampered = (byte[])wrapped.Clone();
        tampered[5] ^= 1;
        await KmsAssert.Throws<InvalidCiphertextException>(string.Empty,
            () => _kms.ImportKeyMaterialAsync(Request(key.KeyId, parameters, tampered, KeyMaterial.DoesNotExpire)));
        var other = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        await KmsAssert.Throws<InvalidImportTokenException>("The import token is not valid for this KMS key.",
            () => _kms.ImportKeyMaterialAsync(Request(other.KeyId, parameters, wrapped, KeyMaterial.DoesNotExpire)));
        await KmsAssert.Validation("Key material for SYMMETRIC_DEFAULT must be 32 bytes long.",
            () => _kms.ImportKeyMaterialAsync(Request(key.KeyId, parameters, Wrap(parameters, new byte[16], "RSAES_OAEP_SHA_256"), KeyMaterial.DoesNotExpire)));
        Assert.Equal(KeyState.PendingImport, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task Importing_again_needs_the_same_material_and_deleting_it_returns_to_pending_import()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        var material = RandomNumberGenerator.GetBytes(32);
        await Import(key.KeyId, material, "RSAES_OAEP_SHA_256", KeyMaterial.DoesNotExpire);
        await Import(key.KeyId, material, "RSAES_OAEP_SHA_256", KeyMaterial.DoesNotExpire);
        await KmsAssert.Throws<IncorrectKeyMaterialException>("The key material is not the same as the key material previously imported into this KMS key.",
            () => Import(key.KeyId, RandomNumberGenerator.GetBytes(32), "RSAES_OAEP_SHA_256", KeyMaterial.DoesNotExpire));
        await KmsAssert.Throws<UnsupportedOperationException>($"{key.Arn} origin is EXTERNAL which is not valid for this operation.",
            () => _kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));

        await _kms.DeleteImportedKeyMaterialAsync(new DeleteImportedKeyMaterialRequest { KeyId = key.KeyId });
        Assert.Equal(KeyState.PendingImport, (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyState);
        Assert.Equal(0, TokenInspector.ObjectCount(key.KeyId));
    }

    [Fact]
    public async Task Material_imported_again_keeps_its_id_and_serves_an_engine_that_used_it_before()
    {
        using var other = fixture.Open(fixture.Time);
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        var material = RandomNumberGenerator.GetBytes(32);
        var first = await Import(key.KeyId, material, "RSAES_OAEP_SHA_256", KeyMaterial.DoesNotExpire);
        var ciphertext = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1, 2, 3) })).CiphertextBlob.ToArray();
        await other.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext) });

        await _kms.DeleteImportedKeyMaterialAsync(new DeleteImportedKeyMaterialRequest { KeyId = key.KeyId });
        var second = await Import(key.KeyId, material, "RSAES_OAEP_SHA_1", KeyMaterial.DoesNotExpire);

        Assert.Equal(first.KeyMaterialId, second.KeyMaterialId);
        var decrypted = await other.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext) });
        Assert.Equal(new byte[] { 1, 2, 3 }, decrypted.Plaintext.ToArray());
    }

    [Fact]
    public async Task Material_that_expires_is_destroyed_at_ValidTo()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Origin = OriginType.EXTERNAL })).KeyMetadata;
        await Import(key.KeyId, RandomNumberGenerator.GetBytes(32), "RSAES_OAEP_SHA_1", fixture.Time.GetUtcNow().AddDays(1).UtcDateTime);
        var described = (await _kms.DescribeKeyAsync(key.KeyId)).KeyMetadata;
        Assert.Equal(ExpirationModelType.KEY_MATERIAL_EXPIRES, described.ExpirationModel);
        await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) });

        fixture.Time.Advance(TimeSpan.FromDays(2));
        await KmsAssert.Throws<KMSInvalidStateException>($"{key.Arn} is pending import.",
            () => _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1) }));
        Assert.Equal(0, TokenInspector.ObjectCount(key.KeyId));
    }

    private async Task<ImportKeyMaterialResponse> Import(string keyId, byte[] material, string algorithm, KeyMaterial expiry)
    {
        var parameters = await Parameters(keyId, algorithm);
        return await _kms.ImportKeyMaterialAsync(Request(keyId, parameters, Wrap(parameters, material, algorithm), expiry));
    }

    private Task<ImportKeyMaterialResponse> Import(string keyId, byte[] material, string algorithm, DateTime validTo) =>
        Import(keyId, material, algorithm, new KeyMaterial(validTo));

    private Task<GetParametersForImportResponse> Parameters(string keyId, string algorithm) =>
        _kms.GetParametersForImportAsync(new GetParametersForImportRequest { KeyId = keyId, WrappingAlgorithm = algorithm, WrappingKeySpec = WrappingKeySpec.RSA_2048 });

    private static ImportKeyMaterialRequest Request(string keyId, GetParametersForImportResponse parameters, byte[] wrapped, KeyMaterial expiry) => new()
    {
        KeyId = keyId,
        ImportToken = new MemoryStream(parameters.ImportToken.ToArray()),
        EncryptedKeyMaterial = new MemoryStream(wrapped),
        ExpirationModel = expiry.ValidTo is null ? ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE : ExpirationModelType.KEY_MATERIAL_EXPIRES,
        ValidTo = expiry.ValidTo,
    };

    /// <summary>Wraps material as AWS's documentation tells a client to, with .NET's own cryptography.</summary>
    internal static byte[] Wrap(GetParametersForImportResponse parameters, byte[] material, string algorithm)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(parameters.PublicKey.ToArray(), out _);
        var padding = algorithm.EndsWith("_1") ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256;
        if (!algorithm.StartsWith("RSA_AES_KEY_WRAP"))
        {
            return rsa.Encrypt(material, padding);
        }

        using var ephemeral = Aes.Create();
        ephemeral.KeySize = 256;
        return [.. rsa.Encrypt(ephemeral.Key, padding), .. ephemeral.EncryptKeyWrapPadded(material)];
    }

    /// <summary>The engine's blob format, read independently: header ‖ ciphertext ‖ tag, AAD = header ‖ context.</summary>
    private static byte[] DecryptBlobLocally(byte[] key, byte[] blob, Dictionary<string, string> context)
    {
        var header = blob[..33];
        var aad = new List<byte>(header);
        var count = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(count, (ushort)context.Count);
        aad.AddRange(count);
        foreach (var (name, value) in context.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var text in new[] { name, value })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteUInt16BigEndian(count, (ushort)bytes.Length);
                aad.AddRange(count);
                aad.AddRange(bytes);
            }
        }

        var plaintext = new byte[blob.Length - 33 - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(header[21..33], blob[33..^16], blob[^16..], plaintext, aad.ToArray());
        return plaintext;
    }

    internal sealed record KeyMaterial(DateTime? ValidTo)
    {
        public static KeyMaterial DoesNotExpire { get; } = new((DateTime?)null);
    }
}
