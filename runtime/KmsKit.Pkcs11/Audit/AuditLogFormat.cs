using System;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// The audit file's two kinds of line (docs/audit.md): an event, CloudTrail's shape plus
/// <c>"kmskitChain":{"sequence":N,"previousHash":HEX}</c>; and a digest, <c>{"kmskitDigest":{...},"signature":B64}</c>
/// whose signature covers the exact bytes of the <c>kmskitDigest</c> object. Every line carries the SHA-256 of the line
/// before it (of its bytes without the newline), and one sequence number counts all lines of a log across its files.
/// </summary>
internal static class AuditLogFormat
{
    public const string ChainMember = "kmskitChain";
    public const string DigestMember = "kmskitDigest";
    public const string SignatureMember = "signature";
    public const string SignatureAlgorithm = "ECDSA_P256_SHA_256";
    public const int DigestVersion = 1;

    /// <summary>The previousHash of the first line of a log: no line came before it.</summary>
    public static readonly string GenesisHash = new('0', 64);

    public static class Reasons
    {
        /// <summary>The first line of every file.</summary>
        public const string Open = "open";

        /// <summary>A writer started again on a file that already had lines: it seals what the last writer left unsealed.</summary>
        public const string Resume = "resume";

        public const string Interval = "interval";

        /// <summary>The last line of a file that was rotated; the next file goes on with the chain.</summary>
        public const string Rotate = "rotate";

        /// <summary>The writer closed (engine or server stopped): nothing follows but a <see cref="Resume"/>.</summary>
        public const string Close = "close";
    }

    public static string Hash(ReadOnlySpan<byte> line)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(line, hash);
        return ToHex(hash);
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>The fingerprint that pins a signing key: SHA-256 of its DER SubjectPublicKeyInfo, lowercase hex (as <c>openssl pkey -pubin -outform DER | sha256sum</c>).</summary>
    public static string Fingerprint(ReadOnlySpan<byte> subjectPublicKeyInfo) => Hash(subjectPublicKeyInfo);
}
