using System.Security.Cryptography;

namespace KmsKit.Runtime.Suites.Cryptography;

/// <summary>
/// The footer's ECDSA signature at one length per curve, as the official ESDKs write it (the Material Providers
/// Library's <c>SignatureLength</c>: 103 bytes on P-384, 71 on P-256; the Python ESDK's static-length signatures): a
/// DER sequence of one integer one byte longer than the field and one as long. (r, n - s) is as valid a signature as
/// (r, s) and the two encode s at different lengths, so nearly every signature is brought to that length by choosing
/// between them, and the rare rest (r or both forms of s with a leading zero byte, about 1 in 100) is signed again.
/// A message's length is then known before it is signed: one exact array, no trimming copy.
/// </summary>
internal static class FooterSignature
{
    /// <summary>A fresh random signature fails one time in ~100; failing this often means something else is wrong.</summary>
    private const int MaxAttempts = 64;

    private const byte Sequence = 0x30;
    private const byte Integer = 0x02;

    /// <summary>The group order n of P-256.</summary>
    private static ReadOnlySpan<byte> P256Order => [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51];

    /// <summary>The group order n of P-384.</summary>
    private static ReadOnlySpan<byte> P384Order => [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC7, 0x63, 0x4D, 0x81, 0xF4, 0x37, 0x2D, 0xDF,
        0x58, 0x1A, 0x0D, 0xB2, 0x48, 0xB0, 0xA7, 0x7A, 0xEC, 0xEC, 0x19, 0x6A, 0xCC, 0xC5, 0x29, 0x73];

    /// <summary>The signature's length for a key on P-256 or P-384: two integers of 2 + field + 1 and 2 + field bytes in a 2-byte sequence header.</summary>
    public static int Length(ECDsa key) => (2 * Order(key).Length) + 7;

    /// <summary>Signs <paramref name="hash"/> into <paramref name="destination"/>, exactly <see cref="Length"/> bytes of DER.</summary>
    public static void Sign(ECDsa key, ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        var order = Order(key);
        var field = order.Length;
        Span<byte> fixedFields = stackalloc byte[2 * field];
        Span<byte> negated = stackalloc byte[field];
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (!key.TrySignHash(hash, fixedFields, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written) || written != fixedFields.Length)
            {
                throw new EncryptionSdkException("The signing key gave a signature of an unexpected length.");
            }

            var r = fixedFields[..field];
            var s = fixedFields[field..];
            var sLength = (2 * field) + 1 - IntegerLength(r);
            if (IntegerLength(s) != sLength)
            {
                Subtract(order, s, negated);
                s = negated;
            }

            if (IntegerLength(s) == sLength)
            {
                destination[0] = Sequence;
                destination[1] = (byte)((2 * field) + 5);
                var offset = WriteInteger(destination, 2, r);
                WriteInteger(destination, offset, s);
                return;
            }
        }

        throw new EncryptionSdkException($"No signature of {Length(key)} bytes in {MaxAttempts} attempts.");
    }

    private static ReadOnlySpan<byte> Order(ECDsa key) => key.KeySize switch
    {
        256 => P256Order,
        384 => P384Order,
        _ => throw new EncryptionSdkException($"ECDSA keys of {key.KeySize} bits do not sign messages; the suites use P-256 and P-384."),
    };

    /// <summary>The DER content length of a non-negative big-endian integer: no leading zero bytes, one added when the top bit is set.</summary>
    private static int IntegerLength(ReadOnlySpan<byte> value)
    {
        var start = LeadingZeros(value);
        return start == value.Length ? 1 : value.Length - start + (value[start] >= 0x80 ? 1 : 0);
    }

    private static int WriteInteger(Span<byte> destination, int offset, ReadOnlySpan<byte> value)
    {
        var length = IntegerLength(value);
        destination[offset] = Integer;
        destination[offset + 1] = (byte)length;
        var content = destination.Slice(offset + 2, length);
        var significant = value[LeadingZeros(value)..];
        content[..(length - significant.Length)].Clear();
        significant.CopyTo(content[(length - significant.Length)..]);
        return offset + 2 + length;
    }

    private static int LeadingZeros(ReadOnlySpan<byte> value)
    {
        var i = value.IndexOfAnyExcept((byte)0);
        return i < 0 ? value.Length : i;
    }

    /// <summary><paramref name="difference"/> = <paramref name="minuend"/> - <paramref name="subtrahend"/>, big-endian, the same length; the minuend is the larger.</summary>
    private static void Subtract(ReadOnlySpan<byte> minuend, ReadOnlySpan<byte> subtrahend, Span<byte> difference)
    {
        var borrow = 0;
        for (var i = minuend.Length - 1; i >= 0; i--)
        {
            var digit = minuend[i] - subtrahend[i] - borrow;
            borrow = digit < 0 ? 1 : 0;
            difference[i] = (byte)(digit + (borrow << 8));
        }
    }
}
