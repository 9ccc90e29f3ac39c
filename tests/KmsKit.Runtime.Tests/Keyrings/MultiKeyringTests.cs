using System.Security.Cryptography;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests.Keyrings;

public sealed class MultiKeyringTests
{
    [Fact]
    public async Task Every_keyring_of_a_multi_keyring_can_decrypt_alone()
    {
        var aes = TestKeys.AesKeyring();
        using var rsa = RSA.Create(2048);
        var rsaKeyring = new RawRsaKeyring(TestKeys.Namespace, "rsa-key", rsa, RsaPaddingScheme.OaepSha256);
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1, 2 }, new MultiKeyring(aes, [rsaKeyring]));

        Assert.Equal([1, 2], (await client.DecryptAsync(message, aes)).Plaintext);
        Assert.Equal([1, 2], (await client.DecryptAsync(message, rsaKeyring)).Plaintext);
        Assert.Equal([1, 2], (await client.DecryptAsync(message, new MultiKeyring(null, [TestKeys.AesKeyring(), rsaKeyring]))).Plaintext);
    }

    [Fact]
    public async Task A_multi_keyring_without_generator_needs_a_data_key()
    {
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => new EncryptionClient().EncryptAsync(new byte[1], new MultiKeyring(null, [TestKeys.AesKeyring()])));
        Assert.Contains("no generator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_decrypt_names_every_keyring_tried()
    {
        var message = await new EncryptionClient().EncryptAsync(new byte[1], TestKeys.AesKeyring());
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(
            () => new EncryptionClient().DecryptAsync(message, new MultiKeyring(TestKeys.AesKeyring(name: "x"), [TestKeys.AesKeyring(name: "y")])));
        Assert.IsType<AggregateException>(error.InnerException);
        Assert.Equal(2, ((AggregateException)error.InnerException!).InnerExceptions.Count);
    }
}
