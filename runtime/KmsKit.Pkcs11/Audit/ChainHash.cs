using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Audit;

/// <summary>A SHA-256 value of the audit chain, held as four words: compared without following a pointer.</summary>
internal readonly record struct ChainHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The previousHash of a log's first line (64 zeros).</summary>
    public static ChainHash Genesis => default;

    public static ChainHash Of(ReadOnlySpan<byte> line)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(line, hash);
        return From(hash);
    }

    /// <summary>64 lowercase hex digits, as the writer writes them; anything else is not a hash.</summary>
    public static bool TryParse(string? hex, out ChainHash value)
    {
        value = default;
        if (hex is not { Length: 64 })
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        value = From(Convert.FromHexString(hex));
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        return AuditLogFormat.ToHex(bytes);
    }

    private static ChainHash From(ReadOnlySpan<byte> hash) => new(
        BinaryPrimitives.ReadUInt64BigEndian(hash),
        BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
}
