using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests.Keyrings;

public sealed class RawAesKeyringTests
{
    [Fact]
    public async Task A_disposed_raw_AES_keyring_refuses_to_wrap_under_its_zeroed_key()
    {
        // Dispose zeroes the wrapping key: wrapping with it afterwards would wrap data keys under an all-zero key.
        var keyring = TestKeys.AesKeyring();
        keyring.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => new EncryptionClient().EncryptAsync(new byte[] { 1, 2 }, keyring));
    }

    [Fact]
    public async Task A_disposed_raw_AES_keyring_refuses_to_decrypt()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1, 2 }, keyring);
        keyring.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.DecryptAsync(message, keyring));
    }
}
