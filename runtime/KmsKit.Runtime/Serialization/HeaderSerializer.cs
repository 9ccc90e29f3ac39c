using System.Buffers.Binary;
using System.Text;
using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Serialization;

/// <summary>
/// Writes the header body of a format-2 message (the only format KmsKit writes) into an array of the header's exact
/// length, the tag's place left at its end: one allocation per header.
/// </summary>
internal static class HeaderSerializer
{
    /// <summary>Returns the header (body, then <see cref="FormatConstants.TagLength"/> bytes for the tag) and the body's length.</summary>
    public static (byte[] Header, int BodyLength) SerializeV2(
        AlgorithmSuite suite,
        ReadOnlySpan<byte> messageId,
        IReadOnlyDictionary<string, string> storedContext,
        IReadOnlyList<EncryptedDataKey> encryptedDataKeys,
        uint frameLength,
        ReadOnlySpan<byte> commitmentKey)
    {
        var context = EncryptionContextSerializer.Serialize(storedContext);
        var bodyLength = 1 + 2 + messageId.Length + 2 + context.Length + 2 + 1 + 4 + commitmentKey.Length;
        for (var i = 0; i < encryptedDataKeys.Count; i++)
        {
            var key = encryptedDataKeys[i];
            bodyLength += 6 + Field(Encoding.UTF8.GetByteCount(key.ProviderId), "provider id") + Field(key.ProviderInfo.Length, "provider info") + Field(key.Ciphertext.Length, "ciphertext");
        }

        var header = GC.AllocateUninitializedArray<byte>(bodyLength + FormatConstants.TagLength);
        var span = header.AsSpan();
        span[0] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], suite.Id);
        messageId.CopyTo(span[3..]);
        var offset = 3 + messageId.Length;
        offset = WriteField(span, offset, context);
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)encryptedDataKeys.Count);
        offset += 2;
        for (var i = 0; i < encryptedDataKeys.Count; i++)
        {
            var key = encryptedDataKeys[i];
            var providerIdLength = Encoding.UTF8.GetBytes(key.ProviderId, span[(offset + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)providerIdLength);
            offset = WriteField(span, offset + 2 + providerIdLength, key.ProviderInfo);
            offset = WriteField(span, offset, key.Ciphertext);
        }

        span[offset] = (byte)ContentType.Framed;
        BinaryPrimitives.WriteUInt32BigEndian(span[(offset + 1)..], frameLength);
        commitmentKey.CopyTo(span[(offset + 5)..]);
        return (header, bodyLength);
    }

    private static int Field(int length, string what) => length <= ushort.MaxValue
        ? length
        : throw new EncryptionSdkException($"An encrypted data key's {what} has {length} bytes; at most {ushort.MaxValue} fit in a message.");

    private static int WriteField(Span<byte> span, int offset, ReadOnlySpan<byte> field)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)field.Length);
        field.CopyTo(span[(offset + 2)..]);
        return offset + 2 + field.Length;
    }
}
