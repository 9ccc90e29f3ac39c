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

    private static byte[]? Check(byte[] a, byte[] r, int n)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(4));
        if (BinaryPrimitives.ReadUInt32BigEndian(a) != AlternativeIv || length <= 8 * (n - 1) || length > 8 * n)
        {
            return null;
        }

        foreach (var padding in r.AsSpan((int)length))
        {
            if (padding != 0)
            {
                return null;
            }
        }

        return r.AsSpan(0, (int)length).ToArray();
    }
}
