using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace KmsKit.Runtime.Suites.Cryptography;

/// <summary>
/// The signature verification key as the format stores it in the encryption context: a compressed EC point
/// (SEC 1: 0x02/0x03 + X), base64. The BCL imports only uncompressed points, so decompression is done here:
/// y = sqrt(x^3 - 3x + b) mod p, which is a single power because p = 3 (mod 4) on P-256 and P-384.
/// </summary>
internal static class CompressedPublicKey
{
    public static string Encode(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var compressed = new byte[1 + point.X!.Length];
        compressed[0] = (byte)(0x02 | (point.Y![^1] & 1));
        point.X.CopyTo(compressed, 1);
        return Convert.ToBase64String(compressed);
    }

    public static ECDsa Decode(string encoded, ECCurve curve)
    {
        var (p, b, size) = CurveConstants(curve);
        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(encoded);
        }
        catch (FormatException e)
        {
            throw new EncryptionSdkException("The signature verification key in the encryption context is not base64.", e);
        }

        if (compressed.Length != size + 1 || compressed[0] is not (0x02 or 0x03))
        {
            throw new EncryptionSdkException("The signature verification key in the encryption context is not a compressed point of the suite's curve.");
        }

        var x = new BigInteger(compressed.AsSpan(1), isUnsigned: true, isBigEndian: true);
        if (x >= p)
        {
            throw new EncryptionSdkException("The signature verification key in the encryption context is not on the suite's curve.");
        }

        var rhs = Mod((x * x * x) - (3 * x) + b, p);
        var y = BigInteger.ModPow(rhs, (p + 1) / 4, p);
        if (BigInteger.ModPow(y, 2, p) != rhs)
        {
            throw new EncryptionSdkException("The signature verification key in the encryption context is not on the suite's curve.");
        }

        if ((y.IsEven ? 0x02 : 0x03) != compressed[0])
        {
            y = p - y;
        }

        var parameters = new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = compressed[1..], Y = ToFixed(y, size) },
        };
        try
        {
            return ECDsa.Create(parameters);
        }
        catch (CryptographicException e)
        {
            throw new EncryptionSdkException("The signature verification key in the encryption context is not a valid public key.", e);
        }
    }

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    private static byte[] ToFixed(BigInteger value, int size)
    {
        var bytes = new byte[size];
        value.TryWriteBytes(bytes.AsSpan(size - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static (BigInteger P, BigInteger B, int Size) CurveConstants(ECCurve curve) =>
        curve.Oid.Value switch
        {
            "1.2.840.10045.3.1.7" => (Hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), Hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), 32),
            "1.3.132.0.34" => (Hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"), Hex("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"), 48),
            _ => throw new EncryptionSdkException($"Unsupported signature curve {curve.Oid.FriendlyName}."),
        };

    private static BigInteger Hex(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
