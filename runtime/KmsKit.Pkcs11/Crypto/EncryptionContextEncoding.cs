using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>
/// The encryption context as authenticated data: pairs sorted by key (ordinal), each string UTF-8 with a
/// 2-byte length prefix, so that equal contexts encode equally whatever their order.
/// </summary>
internal static class EncryptionContextEncoding
{
    private static readonly byte[] Empty = [0, 0];

    /// <summary>The encoding; for an empty context a shared array, which callers must not change.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, string>? context)
    {
        if (context is null || context.Count == 0)
        {
            return Empty;
        }

        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(context?.Count ?? 0));
        output.Write(length);
        foreach (var pair in (context ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Value is null)
            {
                // Only an in-process caller can send one (JSON null is refused before the engine).
                throw KmsErrors.Validation($"1 validation error detected: Value null at 'encryptionContext.{pair.Key}' failed to satisfy constraint: Member must not be null");
            }

            WriteString(output, pair.Key, length);
            WriteString(output, pair.Value, length);
        }

        return output.ToArray();
    }

    private static void WriteString(MemoryStream output, string value, Span<byte> length)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)bytes.Length));
        output.Write(length);
        output.Write(bytes);
    }
}
