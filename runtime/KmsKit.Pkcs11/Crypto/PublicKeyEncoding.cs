using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>Between PKCS#11 public key attributes and DER SubjectPublicKeyInfo, through .NET's own encoders.</summary>
internal static class PublicKeyEncoding
{
    public static byte[] RsaSubjectPublicKeyInfo(byte[] modulus, byte[] exponent)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = exponent });
        return rsa.ExportSubjectPublicKeyInfo();
    }

    /// <param name="ecPoint">CKA_EC_POINT: a DER OCTET STRING holding 04‖X‖Y.</param>
    public static byte[] EcSubjectPublicKeyInfo(byte[] ecPoint, string curveOid)
    {
        var point = UncompressedPoint(ecPoint);
        var fieldSize = (point.Length - 1) / 2;
        using var ec = ECDsa.Create();
        ec.ImportParameters(new ECParameters
        {
            Curve = ECCurve.CreateFromValue(curveOid),
            Q = new ECPoint { X = point.AsSpan(1, fieldSize).ToArray(), Y = point.AsSpan(1 + fieldSize).ToArray() },
        });
        return ec.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The peer's public point (04‖X‖Y) from its SubjectPublicKeyInfo, checked to be on <paramref name="curveOid"/>.</summary>
    public static bool TryReadEcPoint(byte[] subjectPublicKeyInfo, string curveOid, out byte[] point)
    {
        point = [];
        try
        {
            using var ec = ECDiffieHellman.Create();
            ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            var parameters = ec.ExportParameters(false);
            if (read != subjectPublicKeyInfo.Length || parameters.Curve.Oid?.Value != curveOid)
            {
                return false;
            }

            point = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[] UncompressedPoint(byte[] ecPoint)
    {
        // The standard says DER OCTET STRING; some modules give the bare point.
        if (ecPoint.Length > 0 && ecPoint[0] == 0x04 && ecPoint.Length % 2 == 1)
        {
            try
            {
                var inner = AsnDecoder.ReadOctetString(ecPoint, AsnEncodingRules.DER, out var consumed);
                if (consumed == ecPoint.Length)
                {
                    return inner;
                }
            }
            catch (AsnContentException)
            {
                // Not DER: the bare point.
            }

            return ecPoint;
        }

        return AsnDecoder.ReadOctetString(ecPoint, AsnEncodingRules.DER, out _);
    }
}
