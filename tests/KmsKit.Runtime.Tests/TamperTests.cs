namespace KmsKit.Runtime.Tests;

/// <summary>Every single-bit flip, every truncation and any appended byte of a small message is rejected.</summary>
public sealed class TamperTests
{
    [Theory]
    [InlineData(0x0478)]
    [InlineData(0x0578)]
    public async Task Every_single_bit_flip_is_rejected(ushort suite)
    {
        var client = TestKeys.Client(suite, frameLength: 8);
        var keyring = TestKeys.AesKeyring();
        var context = TestKeys.Context("purpose", "tamper");
        var message = await client.EncryptAsync("twenty bytes of text"u8.ToArray(), keyring, context);
        Assert.Equal("twenty bytes of text"u8.ToArray(), (await client.DecryptAsync(message, keyring, context)).Plaintext);

        var accepted = new List<string>();
        for (var bit = 0; bit < message.Length * 8; bit++)
        {
            var tampered = (byte[])message.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                await client.DecryptAsync(tampered, keyring, context);
                accepted.Add($"byte {bit / 8} bit {bit % 8}");
            }
            catch (EncryptionSdkException)
            {
                // Rejected with the SDK's own error: what must happen.
            }
        }

        Assert.Empty(accepted);
    }

    [Theory]
    [InlineData(0x0478)]
    [InlineData(0x0578)]
    public async Task Every_truncation_and_an_appended_byte_are_rejected(ushort suite)
    {
        var client = TestKeys.Client(suite, frameLength: 8);
        var keyring = TestKeys.AesKeyring();
        var message = await client.EncryptAsync("twenty bytes of text"u8.ToArray(), keyring);

        for (var length = 0; length < message.Length; length++)
        {
            await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message.AsMemory(0, length), keyring));
        }

        await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message.Append((byte)0).ToArray(), keyring));
    }

    [Fact]
    public async Task Random_bytes_and_headers_with_random_tails_fail_with_the_sdk_error_only()
    {
        var client = new EncryptionClient(new EncryptionClientOptions { CommitmentPolicy = Materials.CommitmentPolicy.RequireEncryptAllowDecrypt });
        var keyring = TestKeys.AesKeyring();
        var message = await client.EncryptAsync(new byte[100], keyring);
        var random = new Random(20261128);
        for (var i = 0; i < 300; i++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length > 0)
            {
                // Keep a real prefix so that the reader gets past the version byte and deeper into the header.
                var keep = Math.Min(random.Next(1, message.Length), garbage.Length);
                message.AsSpan(0, keep).CopyTo(garbage);
            }

            await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(garbage, keyring));
        }
    }
}
