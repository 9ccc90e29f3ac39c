using System.Numerics;
using System.Security.Cryptography;
using KmsKit.Runtime.Suites.Cryptography;

namespace KmsKit.Runtime.Tests.Format;

/// <summary>Decompression checked against the curves' base points as SEC 2 (and FIPS 186-4, D.1.2) publish them.</summary>
public sealed class CompressedPublicKeyTests
{
    private const string P256Gx = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    private const string P256Gy = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    private const string P256P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
    private const string P384Gx = "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7";
    private const string P384Gy = "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f";
    private const string P384P = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";

    public static TheoryData<string, string, string, string> BasePoints() => new()
    {
        // Both base points have an odd y: 0x03 decodes to G, 0x02 to -G = (x, p - y).
        { "nistP256", "03" + P256Gx, P256Gy, P256P },
        { "nistP384", "03" + P384Gx, P384Gy, P384P },
    };

    [Theory]
    [MemberData(nameof(BasePoints))]
    public void The_base_point_and_its_negation_decompress_to_the_published_y(string curveName, string compressed, string y, string p)
    {
        var curve = ECCurve.CreateFromFriendlyName(curveName);

        using var g = CompressedPublicKey.Decode(Convert.ToBase64String(Convert.FromHexString(compressed)), curve);
        using var minusG = CompressedPublicKey.Decode(Convert.ToBase64String(Convert.FromHexString("02" + compressed[2..])), curve);

        Assert.Equal(y, Convert.ToHexStringLower(g.ExportParameters(false).Q.Y!));
        var negated = Hex(p) - Hex(y);
        Assert.Equal(negated, new BigInteger(minusG.ExportParameters(false).Q.Y, isUnsigned: true, isBigEndian: true));
        Assert.Equal(Convert.FromBase64String(CompressedPublicKey.Encode(g)), Convert.FromHexString(compressed));
    }

    [Theory]
    [InlineData("nistP256")]
    [InlineData("nistP384")]
    public void Random_keys_round_trip_through_their_compressed_form(string curveName)
    {
        var curve = ECCurve.CreateFromFriendlyName(curveName);
        for (var i = 0; i < 20; i++)
        {
            using var key = ECDsa.Create(curve);

            using var decoded = CompressedPublicKey.Decode(CompressedPublicKey.Encode(key), curve);

            Assert.Equal(key.ExportParameters(false).Q.Y, decoded.ExportParameters(false).Q.Y);
        }
    }

    [Theory]
    [InlineData("04" + P256Gx, "not a compressed point")] // uncompressed prefix
    [InlineData("03" + P256Gx + "00", "not a compressed point")] // a byte too long
    [InlineData("02" + P256P, "not on the suite's curve")] // x = p
    [InlineData("020000000000000000000000000000000000000000000000000000000000000001", "not on the suite's curve")] // x = 1: x^3 - 3x + b is no square mod p
    public void Malformed_points_are_refused(string compressed, string reason)
    {
        var error = Assert.Throws<EncryptionSdkException>(() =>
            CompressedPublicKey.Decode(Convert.ToBase64String(Convert.FromHexString(compressed)), ECCurve.NamedCurves.nistP256));

        Assert.Contains(reason, error.Message);
    }

    private static BigInteger Hex(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
