using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using KmsKit.Pkcs11.Crypto;

namespace KmsKit.Pkcs11.Tests.Crypto;

public sealed class OaepDecodingTests
{
    private const int Size = 256;

    [Theory]
    [InlineData("SHA1", 0)]
    [InlineData("SHA1", 1)]
    [InlineData("SHA256", 32)]
    [InlineData("SHA256", 190)] // the longest message for RSA-2048 with SHA-256
    public void What_the_platform_encrypts_with_oaep_decodes_after_a_raw_rsa_decryption(string hashName, int length)
    {
        var hash = new HashAlgorithmName(hashName);
        using var rsa = RSA.Create(2048);
        var message = RandomNumberGenerator.GetBytes(length);
        var ciphertext = rsa.Encrypt(message, RSAEncryptionPadding.CreateOaep(hash));

        Assert.Equal(message, OaepDecoding.Decode(RawDecrypt(rsa, ciphertext), hash));
    }

    [Fact]
    public void A_well_formed_test_encoding_decodes()
    {
        Assert.Equal(new byte[] { 9, 8, 7 }, OaepDecoding.Decode(Encode(Db([1, 9, 8, 7])), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void The_separator_at_either_end_of_the_data_block_decodes()
    {
        // Last byte: an empty message. Right after the label hash: no zero padding, the longest message.
        Assert.Empty(OaepDecoding.Decode(Encode(Db([1])), HashAlgorithmName.SHA256));
        byte[] longest = [1, .. Enumerable.Range(0, Size - 2 - (2 * 32)).Select(i => (byte)(i | 1))];
        Assert.Equal(longest[1..], OaepDecoding.Decode(Encode(Db(longest)), HashAlgorithmName.SHA256));
    }

    public static TheoryData<string, byte[]> MalformedEncodings() => new()
    {
        { "first byte not zero", Encode(Db([1, 5]), firstByte: 1) },
        { "label hash wrong", Encode(Db([1, 5], labelHashFlip: true)) },
        { "no 0x01 separator", Encode(Db([])) },
        { "a non-zero byte before the separator", Encode(Db([2, 1, 5])) },
        { "0x01 separator preceded by 0x80", Encode(Db([0x80, 0, 1, 5])) },
        { "every check failing at once", Encode(Db([2], labelHashFlip: true), firstByte: 0x80) },
        { "too short for the hash", new byte[(2 * 32) + 1] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(MalformedEncodings))]
    public void Malformed_encodings_fail_with_one_message(string why, byte[] encoded)
    {
        var error = Assert.Throws<CryptographicException>(() => OaepDecoding.Decode(encoded, HashAlgorithmName.SHA256));

        Assert.True(error.Message == "The ciphertext is not a valid OAEP encoding.", why);
    }

    /// <summary>DB = lHash || zeros || <paramref name="tail"/>, for a 2048-bit modulus and SHA-256.</summary>
    private static byte[] Db(byte[] tail, bool labelHashFlip = false)
    {
        var db = new byte[Size - 1 - 32];
        SHA256.HashData([]).CopyTo(db, 0);
        db[0] ^= (byte)(labelHashFlip ? 1 : 0);
        tail.CopyTo(db, db.Length - tail.Length);
        return db;
    }

    /// <summary>EME-OAEP encoding (RFC 8017, 7.1.1 step 2) of a given DB with a random seed, SHA-256.</summary>
    private static byte[] Encode(byte[] db, byte firstByte = 0)
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var maskedDb = Xor(db, Mgf1(seed, db.Length));
        var maskedSeed = Xor(seed, Mgf1(maskedDb, 32));
        return [firstByte, .. maskedSeed, .. maskedDb];
    }

    private static byte[] Mgf1(byte[] seed, int length)
    {
        var mask = new List<byte>();
        for (uint counter = 0; mask.Count < length; counter++)
        {
            var input = new byte[seed.Length + 4];
            seed.CopyTo(input, 0);
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(seed.Length), counter);
            mask.AddRange(SHA256.HashData(input));
        }

        return [.. mask.Take(length)];
    }

    private static byte[] Xor(byte[] a, byte[] b) => [.. a.Zip(b, (x, y) => (byte)(x ^ y))];

    /// <summary>m = c^d mod n: what an HSM's CKM_RSA_X_509 decryption returns, left-padded to the modulus size.</summary>
    private static byte[] RawDecrypt(RSA rsa, byte[] ciphertext)
    {
        var key = rsa.ExportParameters(includePrivateParameters: true);
        var m = BigInteger.ModPow(
            new BigInteger(ciphertext, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.D, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true));
        var bytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[Size - bytes.Length], .. bytes];
    }
}
