using System;
using System.Formats.Asn1;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>PKCS#11 ECDSA gives r‖s (IEEE P1363); KMS speaks DER (SEQUENCE of two INTEGERs).</summary>
internal static class EcdsaSignatureEncoding
{
    public static byte[] ToDer(ReadOnlySpan<byte> rawSignature)
    {
        var half = rawSignature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(rawSignature[..half]));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(rawSignature[half..]));
        }

        return writer.Encode();
    }

    /// <summary>r‖s with each half <paramref name="fieldSize"/> bytes; false for anything that is not such a DER signature.</summary>
    public static bool TryToRaw(byte[] derSignature, int fieldSize, out byte[] rawSignature)
    {
        rawSignature = new byte[fieldSize * 2];
        try
        {
            var reader = new AsnReader(derSignature, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes();
            var s = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            return TryWriteUnsigned(r.Span, rawSignature.AsSpan(0, fieldSize)) && TryWriteUnsigned(s.Span, rawSignature.AsSpan(fieldSize));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    private static bool TryWriteUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.Length > 0 && (integer[0] & 0x80) != 0)
        {
            return false;
        }

        var magnitude = TrimLeadingZeros(integer);
        if (magnitude.Length > destination.Length)
        {
            return false;
        }

        magnitude.CopyTo(destination[(destination.Length - magnitude.Length)..]);
        return true;
    }
}
