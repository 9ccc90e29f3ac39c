using System.Security.Cryptography;
using KmsKit.Pkcs11.Crypto;

namespace KmsKit.Pkcs11.Tests.Crypto;

/// <summary>RFC 5649 section 6's vectors; the wrap side is .NET 10's own key wrap, which the unwrap must match.</summary>
public sealed class AesKeyWrapPaddingTests
{
    private const string Kek = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";

    [Theory]
    [InlineData("c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a")]
    [InlineData("466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f")]
    public void The_rfc_5649_vectors_wrap_and_unwrap(string key, string wrapped)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString(Kek);

        Assert.Equal(wrapped, Convert.ToHexStringLower(aes.EncryptKeyWrapPadded(Convert.FromHexString(key))));
        Assert.Equal(key, Convert.ToHexStringLower(AesKeyWrapPadding.TryUnwrap(Convert.FromHexString(Kek), Convert.FromHexString(wrapped))!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(32)]
    [InlineData(4096)]
    public void Keys_wrapped_by_the_platform_unwrap_to_themselves(int length)
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var key = RandomNumberGenerator.GetBytes(length);
        using var aes = Aes.Create();
        aes.Key = kek;

        Assert.Equal(key, AesKeyWrapPadding.TryUnwrap(kek, aes.EncryptKeyWrapPadded(key)));
    }

    [Theory]
    [InlineData("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6b")] // last bit flipped
    [InlineData("afbeb0f07dfbf5419200f2ccb50bb2")] // not a multiple of 8 bytes
    [InlineData("afbeb0f07dfbf541")] // one block
    [InlineData("")]
    public void Tampered_or_malformed_wraps_are_refused(string wrapped) =>
        Assert.Null(AesKeyWrapPadding.TryUnwrap(Convert.FromHexString(Kek), Convert.FromHexString(wrapped)));

    [Fact]
    public void A_wrap_whose_length_field_or_padding_lies_is_refused()
    {
        // Built with RFC 3394's wrap over a chosen integrity block (A6 59 59 A6 + length); one block (n = 1) is a
        // single AES encryption (RFC 5649 section 4.1).
        var kek = Convert.FromHexString(Kek);
        using var aes = Aes.Create();
        aes.Key = kek;
        byte[] tooLong = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 17, .. new byte[16]];
        byte[] nonZeroPadding = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 15, .. new byte[15], 1];

        byte[] tooShortForTwoBlocks = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 8, .. new byte[16]];
        byte[] emptyKey = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 0, .. new byte[8]];
        byte[] wrongIntegrityValue = [0xA6, 0x59, 0x59, 0xA7, 0, 0, 0, 16, .. new byte[16]];
        byte[] nonZeroPaddingInOneBlock = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 0x80];

        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, RawWrap(aes, tooLong)));
        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, RawWrap(aes, nonZeroPadding)));
        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, RawWrap(aes, tooShortForTwoBlocks)));
        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, aes.EncryptEcb(emptyKey, PaddingMode.None)));
        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, RawWrap(aes, wrongIntegrityValue)));
        Assert.Null(AesKeyWrapPadding.TryUnwrap(kek, aes.EncryptEcb(nonZeroPaddingInOneBlock, PaddingMode.None)));
        byte[] sevenBytes = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 0];
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, AesKeyWrapPadding.TryUnwrap(kek, aes.EncryptEcb(sevenBytes, PaddingMode.None)));
        byte[] valid = [0xA6, 0x59, 0x59, 0xA6, 0, 0, 0, 16, .. new byte[16]];
        Assert.Equal(new byte[16], AesKeyWrapPadding.TryUnwrap(kek, RawWrap(aes, valid)));
    }

    /// <summary>RFC 3394 section 2.2.1 wrap with the given first 8 bytes as the integrity block.</summary>
    private static byte[] RawWrap(Aes aes, byte[] block)
    {
        var a = block[..8];
        var r = block[8..];
        var n = r.Length / 8;
        var buffer = new byte[16];
        for (var j = 0; j <= 5; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                a.CopyTo(buffer, 0);
                Array.Copy(r, (i - 1) * 8, buffer, 8, 8);
                aes.EncryptEcb(buffer, buffer, PaddingMode.None);
                var t = (ulong)((n * j) + i);
                for (var b = 0; b < 8; b++)
                {
                    a[b] = (byte)(buffer[b] ^ (byte)(t >> (8 * (7 - b))));
                }

                Array.Copy(buffer, 8, r, (i - 1) * 8, 8);
            }
        }

        return [.. a, .. r];
    }
}
