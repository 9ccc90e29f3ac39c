using System.Security.Cryptography;

namespace KmsKit.Runtime.Keyrings;

/// <summary>How the raw RSA keyring pads the data key.</summary>
public enum RsaPaddingScheme
{
    /// <summary>PKCS #1 v1.5 (legacy; decrypt old messages only where possible).</summary>
    Pkcs1,

    /// <summary>OAEP with SHA-1 and MGF1-SHA-1.</summary>
    OaepSha1,

    /// <summary>OAEP with SHA-256 and MGF1-SHA-256.</summary>
    OaepSha256,

    /// <summary>OAEP with SHA-384 and MGF1-SHA-384.</summary>
    OaepSha384,

    /// <summary>OAEP with SHA-512 and MGF1-SHA-512.</summary>
    OaepSha512,
}

/// <summary>Maps a padding scheme to the BCL's.</summary>
internal static class RsaPaddingSchemeExtensions
{
    public static RSAEncryptionPadding ToPadding(this RsaPaddingScheme scheme) => scheme switch
    {
        RsaPaddingScheme.Pkcs1 => RSAEncryptionPadding.Pkcs1,
        RsaPaddingScheme.OaepSha1 => RSAEncryptionPadding.OaepSHA1,
        RsaPaddingScheme.OaepSha256 => RSAEncryptionPadding.OaepSHA256,
        RsaPaddingScheme.OaepSha384 => RSAEncryptionPadding.OaepSHA384,
        RsaPaddingScheme.OaepSha512 => RSAEncryptionPadding.OaepSHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown RSA padding scheme."),
    };
}
