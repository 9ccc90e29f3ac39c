using System.Security.Cryptography;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests.Keyrings;

public sealed class RawRsaKeyringTests
{
    [Theory]
    [InlineData(RsaPaddingScheme.Pkcs1)]
    [InlineData(RsaPaddingScheme.OaepSha1)]
    [InlineData(RsaPaddingScheme.OaepSha256)]
    [InlineData(RsaPaddingScheme.OaepSha384)]
    [InlineData(RsaPaddingScheme.OaepSha512)]
    public async Task Each_padding_round_trips_and_a_public_key_only_encrypts(RsaPaddingScheme padding)
    {
        using var privateKey = RSA.Create(2048);
        using var publicKey = RSA.Create(privateKey.ExportParameters(includePrivateParameters: false));
        var client = TestKeys.Client(0x0478);
        var message = await client.EncryptAsync(new byte[] { 9 }, new RawRsaKeyring(TestKeys.Namespace, "rsa", publicKey, padding));

        Assert.Equal([9], (await client.DecryptAsync(message, new RawRsaKeyring(TestKeys.Namespace, "rsa", privateKey, padding))).Plaintext);
        var error = await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, new RawRsaKeyring(TestKeys.Namespace, "rsa", publicKey, padding)));
        Assert.Contains("public key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_aws_kms_namespace_is_reserved() =>
        Assert.Throws<ArgumentException>(() => new RawAesKeyring("aws-kms", "k", new byte[32]));

    [Fact]
    public void An_RSA_key_too_small_to_wrap_a_data_key_with_its_padding_is_refused_when_made()
    {
        // OAEP-SHA-512 needs 2 x 64 + 2 bytes of padding: a 1024-bit key has no room left for a 32-byte data key.
        using var key = RSA.Create(1024);

        var error = Assert.Throws<ArgumentException>(() => new RawRsaKeyring(TestKeys.Namespace, "rsa", key, RsaPaddingScheme.OaepSha512));
        Assert.Equal("key", error.ParamName);
        Assert.NotNull(new RawRsaKeyring(TestKeys.Namespace, "rsa", key, RsaPaddingScheme.OaepSha256));
    }
}
