using System.Buffers.Binary;
using System.Security.Cryptography;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Suites.Cryptography;

namespace KmsKit.Runtime.Tests.Format;

/// <summary>Footer signatures have one length per curve, as the official ESDKs write them, and still verify.</summary>
public sealed class FooterSignatureTests
{
    [Theory]
    [InlineData("nistP384", 103)]
    [InlineData("nistP256", 71)]
    public void Every_signature_has_the_curves_one_length_and_verifies(string curveName, int length)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));
        var field = (key.KeySize + 7) / 8;
        var longS = 0;

        // About half the signatures need s replaced by n - s to reach the length: 300 exercise both forms many times.
        for (var i = 0; i < 300; i++)
        {
            var hash = RandomNumberGenerator.GetBytes(field);
            var signature = new byte[length];
            FooterSignature.Sign(key, hash, signature);

            Assert.Equal(length, FooterSignature.Length(key));
            Assert.True(key.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence), $"signature {i} does not verify");
            Assert.Equal([0x30, (byte)(length - 2), 0x02], signature[..3]);
            var rLength = signature[3];
            Assert.Equal(0x02, signature[4 + rLength]);
            Assert.Equal((2 * field) + 1, rLength + signature[5 + rLength]);
            longS += signature[5 + rLength] == field + 1 ? 1 : 0;
        }

        Assert.InRange(longS, 60, 240);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(5000)]
    public async Task Every_0578_message_of_a_plaintext_length_is_as_long_and_ends_in_a_103_byte_signature(int length)
    {
        var client = TestKeys.Client(0x0578);
        var keyring = TestKeys.AesKeyring();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var lengths = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            var message = await client.EncryptAsync(plaintext, keyring);
            var streamed = new MemoryStream();
            await client.EncryptAsync(new MemoryStream(plaintext), streamed, new DefaultCryptographicMaterialsManager(keyring));

            lengths.Add(message.Length);
            lengths.Add((int)streamed.Length);
            Assert.Equal(103, BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(message.Length - 105)));
            Assert.Equal(plaintext, (await client.DecryptAsync(message, keyring)).Plaintext);
            Assert.Equal(plaintext, (await client.DecryptAsync(streamed.ToArray(), keyring)).Plaintext);
        }

        Assert.Single(lengths);
    }
}
