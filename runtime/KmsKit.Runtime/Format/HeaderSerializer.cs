using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KmsKit.Runtime.Format;

/// <summary>Writes the header body of a format-2 message (the only format KmsKit writes).</summary>
internal static class HeaderSerializer
{
    public static byte[] SerializeBodyV2(
        AlgorithmSuite suite,
        ReadOnlySpan<byte> messageId,
        IReadOnlyDictionary<string, string> storedContext,
        IReadOnlyList<EncryptedDataKey> encryptedDataKeys,
        uint frameLength,
        ReadOnlySpan<byte> commitmentKey)
    {
        var writer = new ArrayBufferWriter<byte>(512);
        WriteByte(writer, 2);
        WriteUInt16(writer, suite.Id);
        writer.Write(messageId);
        var context = EncryptionContextSerializer.Serialize(storedContext);
        WriteUInt16(writer, (ushort)context.Length);
        writer.Write(context);
        WriteUInt16(writer, (ushort)encryptedDataKeys.Count);
        foreach (var key in encryptedDataKeys)
        {
            WriteField(writer, Encoding.UTF8.GetBytes(key.ProviderId), "provider id");
            WriteField(writer, key.ProviderInfo, "provider info");
            WriteField(writer, key.Ciphertext, "ciphertext");
        }

        WriteByte(writer, (byte)ContentType.Framed);
        Span<byte> frame = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(frame, frameLength);
        writer.Write(frame);
        writer.Write(commitmentKey);
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteField(ArrayBufferWriter<byte> writer, byte[] field, string what)
    {
        if (field.Length > ushort.MaxValue)
        {
            throw new EncryptionSdkException($"An encrypted data key's {what} has {field.Length} bytes; at most {ushort.MaxValue} fit in a message.");
        }

        WriteUInt16(writer, (ushort)field.Length);
        writer.Write(field);
    }

    private static void WriteByte(ArrayBufferWriter<byte> writer, byte value) => writer.Write([value]);

    private static void WriteUInt16(ArrayBufferWriter<byte> writer, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        writer.Write(bytes);
    }
}
