using System.Buffers;
using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;

namespace KmsKit.Runtime.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<ushort, int, bool> Cases()
    {
        var data = new TheoryData<ushort, int, bool>();
        foreach (var suite in new ushort[] { 0x0478, 0x0578 })
        {
            foreach (var length in new[] { 0, 1, 511, 512, 513, 2048 })
            {
                data.Add(suite, length, true);
                data.Add(suite, length, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bytes_round_trip(ushort suite, int length, bool withContext)
    {
        var client = TestKeys.Client(suite, frameLength: 512);
        var keyring = TestKeys.AesKeyring();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var context = withContext ? TestKeys.Context("purpose", "test", "tenant", "ü-42") : null;

        var message = await client.EncryptAsync(plaintext, keyring, context);
        var result = await client.DecryptAsync(message, keyring, context);

        Assert.Equal(plaintext, result.Plaintext);
        Assert.Equal(suite, result.Info.Suite.Id);
        Assert.Equal(2, message[0]);
        Assert.Equal(suite, (ushort)((message[1] << 8) | message[2]));
        Assert.Equal(withContext, result.Info.EncryptionContext.ContainsKey("purpose"));
        Assert.Equal(suite == 0x0578, result.Info.EncryptionContext.ContainsKey("aws-crypto-public-key"));
    }

    [Theory]
    [InlineData(0x0478, 0)]
    [InlineData(0x0478, 512)]
    [InlineData(0x0478, 1025)]
    [InlineData(0x0578, 0)]
    [InlineData(0x0578, 1025)]
    public async Task A_message_appended_to_a_buffer_writer_decrypts_and_keeps_what_was_there(ushort suite, int length)
    {
        var client = TestKeys.Client(suite, frameLength: 512);
        var keyring = TestKeys.AesKeyring();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var output = new ArrayBufferWriter<byte>();
        output.Write<byte>([7, 8, 9]);

        var written = await client.EncryptAsync(plaintext, output, new DefaultCryptographicMaterialsManager(keyring));
        var result = await client.DecryptAsync(output.WrittenMemory[3..], keyring);

        Assert.Equal(3 + written, output.WrittenCount);
        Assert.Equal([7, 8, 9], output.WrittenSpan[..3].ToArray());
        Assert.Equal(plaintext, result.Plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(1025)]
    public async Task In_memory_and_stream_encryption_lay_out_the_same_frames(int length)
    {
        // The in-memory path sizes its one array before writing: it must agree with the stream path's layout.
        var client = TestKeys.Client(0x0478, frameLength: 512);
        var keyring = TestKeys.AesKeyring();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var streamed = new MemoryStream();

        var message = await client.EncryptAsync(plaintext, keyring);
        await client.EncryptAsync(new MemoryStream(plaintext), streamed, new DefaultCryptographicMaterialsManager(keyring));

        Assert.Equal(streamed.Length, message.Length);
        Assert.Equal(plaintext, (await client.DecryptAsync(message, keyring)).Plaintext);
        Assert.Equal(plaintext, (await client.DecryptAsync(streamed.ToArray(), keyring)).Plaintext);
    }

    [Fact]
    public async Task The_default_suite_is_0578_and_the_default_frame_length_4096()
    {
        var keyring = TestKeys.AesKeyring();
        var message = await new EncryptionClient().EncryptAsync(new byte[10], keyring);

        var header = await HeaderReader.ReadAsync(new MessageReader(new MemoryStream(message)), new EncryptionClientOptions(), CancellationToken.None);

        Assert.Equal(0x0578, header.Suite.Id);
        Assert.Equal(4096u, header.FrameLength);
        Assert.Equal(ContentType.Framed, header.ContentType);
    }

    [Theory]
    [InlineData(0x0478, PlaintextRelease.AfterSignatureVerification, true)]
    [InlineData(0x0578, PlaintextRelease.AfterSignatureVerification, true)]
    [InlineData(0x0578, PlaintextRelease.AfterSignatureVerification, false)]
    [InlineData(0x0578, PlaintextRelease.Streaming, false)]
    public async Task Streams_round_trip(ushort suite, PlaintextRelease release, bool seekableInput)
    {
        var client = TestKeys.Client(suite, frameLength: 1000);
        var cmm = new DefaultCryptographicMaterialsManager(TestKeys.AesKeyring());
        var plaintext = RandomNumberGenerator.GetBytes(150_500);
        var ciphertext = new MemoryStream();
        await client.EncryptAsync(new NonSeekableStream(plaintext), ciphertext, cmm, TestKeys.Context("a", "b"));

        var decrypted = new MemoryStream();
        Stream input = seekableInput ? new MemoryStream(ciphertext.ToArray()) : new NonSeekableStream(ciphertext.ToArray());
        var info = await client.DecryptAsync(input, decrypted, cmm, TestKeys.Context("a", "b"), release);

        Assert.Equal(plaintext, decrypted.ToArray());
        Assert.Equal("b", info.EncryptionContext["a"]);
    }

    [Theory]
    [InlineData(PlaintextRelease.AfterSignatureVerification, true)]
    [InlineData(PlaintextRelease.AfterSignatureVerification, false)]
    public async Task A_bad_signature_releases_no_plaintext(PlaintextRelease release, bool seekableInput)
    {
        var client = TestKeys.Client(0x0578, frameLength: 100);
        var cmm = new DefaultCryptographicMaterialsManager(TestKeys.AesKeyring());
        var message = await client.EncryptAsync(new byte[1000], cmm);
        message[^1] ^= 1;

        var decrypted = new MemoryStream();
        Stream input = seekableInput ? new MemoryStream(message) : new NonSeekableStream(message);
        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(input, decrypted, cmm, release: release));

        Assert.Equal(0, decrypted.Length);
    }

    [Fact]
    public async Task Streaming_release_writes_authenticated_frames_before_the_signature_fails()
    {
        var client = TestKeys.Client(0x0578, frameLength: 100);
        var cmm = new DefaultCryptographicMaterialsManager(TestKeys.AesKeyring());
        var message = await client.EncryptAsync(new byte[1000], cmm);
        message[^1] ^= 1;

        var decrypted = new MemoryStream();
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(new MemoryStream(message), decrypted, cmm, release: PlaintextRelease.Streaming));

        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
        Assert.Equal(1000, decrypted.Length);
    }

    [Fact]
    public async Task A_wrong_key_or_context_is_rejected()
    {
        var client = new EncryptionClient();
        var key = TestKeys.NewAesKey();
        var message = await client.EncryptAsync(new byte[5], TestKeys.AesKeyring(key), TestKeys.Context("k", "v"));

        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, TestKeys.AesKeyring()));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, TestKeys.AesKeyring(key, "other-name")));
        var mismatch = await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, TestKeys.AesKeyring(key), TestKeys.Context("k", "w")));
        Assert.Contains("'k'", mismatch.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"v\"", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_context_keys_stay_out_of_the_message_and_must_be_reproduced()
    {
        var client = TestKeys.Client(0x0478);
        var keyring = TestKeys.AesKeyring();
        var cmm = new RequiredEncryptionContextCryptographicMaterialsManager(new DefaultCryptographicMaterialsManager(keyring), ["secret-label"]);
        var context = TestKeys.Context("secret-label", "payroll", "stored", "yes");
        var message = await client.EncryptAsync(new byte[] { 1, 2, 3 }, cmm, context);

        Assert.DoesNotContain("payroll"u8.ToArray(), Windows(message, 7));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, keyring));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, keyring, TestKeys.Context("secret-label", "other")));
        var result = await client.DecryptAsync(message, keyring, TestKeys.Context("secret-label", "payroll"));
        Assert.Equal([1, 2, 3], result.Plaintext);
        Assert.Equal("yes", result.Info.EncryptionContext["stored"]);
    }

    [Fact]
    public async Task Reserved_context_keys_are_refused()
    {
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(
            () => new EncryptionClient().EncryptAsync(new byte[1], TestKeys.AesKeyring(), TestKeys.Context("aws-crypto-public-key", "x")));
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_encrypted_data_key_limit_applies_on_encrypt_and_decrypt()
    {
        var keyrings = Enumerable.Range(0, 3).Select(i => TestKeys.AesKeyring(name: $"key-{i}")).ToArray();
        var multi = new MultiKeyring(keyrings[0], keyrings[1..]);
        var limited = new EncryptionClient(new EncryptionClientOptions { MaxEncryptedDataKeys = 2 });

        await Assert.ThrowsAsync<EncryptionSdkException>(() => limited.EncryptAsync(new byte[1], multi));
        var message = await new EncryptionClient().EncryptAsync(new byte[1], multi);
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => limited.DecryptAsync(message, keyrings[2]));
        Assert.Contains("3 encrypted data keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[1], (await new EncryptionClient().DecryptAsync(message, keyrings[2])).Plaintext);
    }

    [Fact]
    public void Options_refuse_legacy_suites_and_bad_frame_lengths()
    {
        Assert.Throws<ArgumentException>(() => new EncryptionClient(new EncryptionClientOptions { Suite = AlgorithmSuite.Aes256GcmIv12Tag16HkdfSha256 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncryptionClient(new EncryptionClientOptions { FrameLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncryptionClient(new EncryptionClientOptions { MaxEncryptedDataKeys = 65536 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncryptionClient(new EncryptionClientOptions { MaxBodySize = 0 }));
    }

    [Fact]
    public async Task A_frame_longer_than_MaxBodySize_is_refused_before_any_data_key_is_unwrapped()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        var plaintext = RandomNumberGenerator.GetBytes(100_000);
        var message = await new EncryptionClient(new EncryptionClientOptions { FrameLength = 65536 }).EncryptAsync(plaintext, keyring);
        var limited = new EncryptionClient(new EncryptionClientOptions { MaxBodySize = 65535 });

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => limited.DecryptAsync(message, keyring));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => limited.DecryptAsync(new MemoryStream(message), Stream.Null, new DefaultCryptographicMaterialsManager(keyring)));

        Assert.Equal("The frame length 65536 is larger than MaxBodySize (65535).", error.Message);
        Assert.Equal(0, keyring.DataKeysUnwrapped);
        var enough = new EncryptionClient(new EncryptionClientOptions { MaxBodySize = 65536 });
        Assert.Equal(plaintext, (await enough.DecryptAsync(message, keyring)).Plaintext);
    }

    private static IEnumerable<byte[]> Windows(byte[] data, int width) =>
        Enumerable.Range(0, Math.Max(0, data.Length - width + 1)).Select(i => data[i..(i + width)]);
}
