using System;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>The DER DigestInfo prefixes of RSASSA-PKCS1-v1_5 (RFC 8017, 9.2 note 1): CKM_RSA_PKCS signs prefix‖digest.</summary>
internal static class DigestInfo
{
    private static readonly byte[] Sha256 = Convert.FromHexString("3031300d060960864801650304020105000420");
    private static readonly byte[] Sha384 = Convert.FromHexString("3041300d060960864801650304020205000430");
    private static readonly byte[] Sha512 = Convert.FromHexString("3051300d060960864801650304020305000440");

    public static byte[] Wrap(HashAlgorithmName hash, byte[] digest)
    {
        var prefix = hash.Name switch
        {
            "SHA256" => Sha256,
            "SHA384" => Sha384,
            "SHA512" => Sha512,
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "No DigestInfo for this hash."),
        };
        return [.. prefix, .. digest];
    }
}
