using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests.Format;

/// <summary>
/// Non-framed (single block) bodies are legacy and absent from the official vectors, so this test writes one by
/// hand, step by step from the specification (format 1, suite 0x0178, HKDF-SHA256), and reads it back.
/// </summary>
public sealed class NonFramedMessageTests
{
    private static readonly EncryptionClient LegacyReader = new(new EncryptionClientOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptAllowDecrypt });

    [Fact]
    public async Task A_non_framed_legacy_message_decrypts_with_the_legacy_opt_in_only()
    {
        var keyring = TestKeys.AesKeyring();
        var plaintext = RandomNumberGenerator.GetBytes(3000);
        var message = await WriteNonFramedAsync(keyring, plaintext, TestKeys.Context("k", "v"));

        var result = await LegacyReader.DecryptAsync(message, keyring);

        Assert.Equal(plaintext, result.Plaintext);
        Assert.Equal(0x0178, result.Info.Suite.Id);
        await Assert.ThrowsAsync<EncryptionSdkException>(() => new EncryptionClient().DecryptAsync(message, keyring));
        message[^20] ^= 4;
        await Assert.ThrowsAsync<EncryptionSdkException>(() => LegacyReader.DecryptAsync(message, keyring));
    }

    [Fact]
    public async Task A_non_framed_body_longer_than_MaxBodySize_is_refused()
    {
        var keyring = TestKeys.AesKeyring();
        var message = await WriteNonFramedAsync(keyring, RandomNumberGenerator.GetBytes(3000), TestKeys.Context("k", "v"));
        var limited = new EncryptionClient(new EncryptionClientOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptAllowDecrypt, MaxBodySize = 2999 });
        var enough = new EncryptionClient(new EncryptionClientOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptAllowDecrypt, MaxBodySize = 3000 });

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => limited.DecryptAsync(message, keyring));

        Assert.Equal("The non-framed body says it holds 3000 bytes, more than MaxBodySize (2999).", error.Message);
        Assert.Equal(3000, (await enough.DecryptAsync(message, keyring)).Plaintext.Length);
    }

    private static async Task<byte[]> WriteNonFramedAsync(IKeyring keyring, byte[] plaintext, Dictionary<string, string> context)
    {
        var suite = AlgorithmSuite.Aes256GcmIv12Tag16HkdfSha256;
        using var materials = new EncryptionMaterials(suite, context);
        await keyring.OnEncryptAsync(materials);
        var messageId = RandomNumberGenerator.GetBytes(16);
        var info = new byte[18];
        BinaryPrimitives.WriteUInt16BigEndian(info, suite.Id);
        messageId.CopyTo(info, 2);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, materials.PlaintextDataKey!, 32, salt: [], info);
        using var aes = new AesGcm(contentKey, 16);

        var header = new MemoryStream();
        header.Write([1, 0x80]);
        WriteUInt16(header, suite.Id);
        header.Write(messageId);
        var serializedContext = EncryptionContextSerializer.Serialize(context);
        WriteUInt16(header, (ushort)serializedContext.Length);
        header.Write(serializedContext);
        WriteUInt16(header, (ushort)materials.EncryptedDataKeys.Count);
        foreach (var key in materials.EncryptedDataKeys)
        {
            foreach (var field in new[] { Encoding.UTF8.GetBytes(key.ProviderId), key.ProviderInfo, key.Ciphertext })
            {
                WriteUInt16(header, (ushort)field.Length);
                header.Write(field);
            }
        }

        header.Write([0x01, 0, 0, 0, 0, 12, 0, 0, 0, 0]);
        var body = header.ToArray();
        var headerIv = RandomNumberGenerator.GetBytes(12);
        var headerTag = new byte[16];
        aes.Encrypt(headerIv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, headerTag, body);

        var iv = RandomNumberGenerator.GetBytes(12);
        var aad = new MemoryStream();
        aad.Write(messageId);
        aad.Write("AWSKMSEncryptionClient Single Block"u8);
        aad.Write([0, 0, 0, 1]);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)plaintext.Length);
        aad.Write(length);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(iv, plaintext, ciphertext, tag, aad.ToArray());

        return [.. body, .. headerIv, .. headerTag, .. iv, .. length, .. ciphertext, .. tag];
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
