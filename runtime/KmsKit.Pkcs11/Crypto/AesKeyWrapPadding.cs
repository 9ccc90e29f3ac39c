using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>
/// AES key unwrap with padding (RFC 5649), the inner layer of KMS's RSA_AES_KEY_WRAP_SHA_* imports. .NET 8 has
/// no such API (it arrives in .NET 10), so the unwrap runs here over AES-ECB single-block decryptions.
/// </summary>
internal static class AesKeyWrapPadding
{
    private const uint AlternativeIv = 0xA65959A6;

    /// <summary>The unwrapped key, or null when the integrity check fails.</summary>
    public static byte[]? TryUnwrap(byte[] kek, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < 16 || wrapped.Length % 8 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = kek;
        var n = (wrapped.Length / 8) - 1;
        var a = new byte[8];
        var r = wrapped[8..].ToArray();
        var block = new byte[16];
        try
        {
            if (n == 1)
            {
                aes.DecryptEcb(wrapped, block, PaddingMode.None);
                block.AsSpan(0, 8).CopyTo(a);
                block.AsSpan(8).CopyTo(r);
            }
            else
            {
                wrapped[..8].CopyTo(a);
                for (var j = 5; j >= 0; j--)
                {
                    for (var i = n; i >= 1; i--)
                    {
                        var t = (ulong)((n * j) + i);
                        BinaryPrimitives.WriteUInt64BigEndian(block, BinaryPrimitives.ReadUInt64BigEndian(a) ^ t);
                        r.AsSpan((i - 1) * 8, 8).CopyTo(block.AsSpan(8));
                        aes.DecryptEcb(block, block, PaddingMode.None);
                        block.AsSpan(0, 8).CopyTo(a);
                        block.AsSpan(8).CopyTo(r.AsSpan((i - 1) * 8, 8));
                    }
                }
            }

            return Check(a, r, n);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(r);
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>
    /// RFC 5649 section 3's checks of the integrity block and the padding. Every failure ORs into one value and the
    /// whole last block is scanned: nothing branches on the unwrapped bytes nor on which check failed.
    /// </summary>
    private static byte[]? Check(byte[] a, byte[] r, int n)
    {
        long length = BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(4));
        var bad = (long)(BinaryPrimitives.ReadUInt32BigEndian(a) ^ AlternativeIv);
        bad |= LessThan(length, (8 * (n - 1)) + 1) | LessThan(8 * n, length);
        for (var i = 0; i < r.Length; i++)
        {
            // Bytes from the message length on are padding and must be zero.
            bad |= r[i] & -(LessThan(i, length) ^ 1);
        }

        return bad == 0 ? r.AsSpan(0, (int)length).ToArray() : null;
    }

    /// <summary>1 when <paramref name="x"/> &lt; <paramref name="y"/>, else 0, without a branch (both within 0 to 2^32).</summary>
    private static long LessThan(long x, long y) => (long)((ulong)(x - y) >> 63);
}
