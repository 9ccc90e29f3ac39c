using System.Buffers.Binary;
using System.Text;
using KmsKit.Runtime.Serialization;

namespace KmsKit.Runtime.Format;

/// <summary>
/// The encryption context on the wire: count u16, then entries sorted by the UTF-8 bytes of the key, each
/// key length u16, key, value length u16, value. An empty context serializes to zero bytes.
/// </summary>
public static class EncryptionContextSerializer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Serializes the context in the canonical order.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, string> context)
    {
        if (context.Count == 0)
        {
            return [];
        }

        if (context.Count > ushort.MaxValue)
        {
            throw new EncryptionSdkException($"The encryption context has {context.Count} entries; at most {ushort.MaxValue} fit in a message.");
        }

        var entries = context
            .Select(pair => (Key: Encode(pair.Key, "key"), Value: Encode(pair.Value, "value")))
            .OrderBy(entry => entry.Key, ByteOrder.Instance)
            .ToList();
        var length = 2 + entries.Sum(entry => 4 + entry.Key.Length + entry.Value.Length);
        if (length > ushort.MaxValue)
        {
            throw new EncryptionSdkException($"The serialized encryption context takes {length} bytes; at most {ushort.MaxValue} fit in a message.");
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)entries.Count);
        var offset = 2;
        foreach (var (key, value) in entries)
        {
            offset = WriteField(span, offset, key);
            offset = WriteField(span, offset, value);
        }

        return buffer;
    }

    /// <summary>Reads a serialized context; rejects duplicate keys, bad UTF-8 and bytes left over.</summary>
    public static Dictionary<string, string> Deserialize(ReadOnlySpan<byte> serialized)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        if (serialized.IsEmpty)
        {
            return context;
        }

        var reader = new SpanReader(serialized);
        var count = reader.ReadUInt16();
        if (count == 0)
        {
            throw new EncryptionSdkException("The encryption context in the header has a count of 0 but a non-zero length.");
        }

        for (var i = 0; i < count; i++)
        {
            var key = Decode(reader.ReadBytes(reader.ReadUInt16()));
            var value = Decode(reader.ReadBytes(reader.ReadUInt16()));
            if (!context.TryAdd(key, value))
            {
                throw new EncryptionSdkException($"The encryption context in the header has the key '{key}' twice.");
            }
        }

        if (!reader.IsAtEnd)
        {
            throw new EncryptionSdkException("The encryption context in the header is longer than its entries.");
        }

        return context;
    }

    private static int WriteField(Span<byte> span, int offset, byte[] field)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)field.Length);
        field.CopyTo(span[(offset + 2)..]);
        return offset + 2 + field.Length;
    }

    private static byte[] Encode(string text, string what)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new EncryptionSdkException($"An encryption context {what} is not valid Unicode (a lone surrogate).", e);
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new EncryptionSdkException("The encryption context in the header is not valid UTF-8.", e);
        }
    }
}
