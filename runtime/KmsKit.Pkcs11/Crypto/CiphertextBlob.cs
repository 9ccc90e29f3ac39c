using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>
/// A symmetric ciphertext: format version (1 byte), key id (16 bytes, RFC 4122 order), key material
/// version (4 bytes, big-endian), AES-GCM IV (12 bytes), then ciphertext‖tag (16-byte tag). The header
/// and the encryption context are the GCM additional data, so any change to either fails decryption.
/// </summary>
internal sealed class CiphertextBlob
{
    public const byte FormatVersion = 1;
    public const int IvLength = 12;
    public const int TagLength = 16;
    public const int HeaderLength = 1 + 16 + 4 + IvLength;

    private readonly byte[] _bytes;

    private CiphertextBlob(byte[] bytes) => _bytes = bytes;

    public Guid KeyId => new(_bytes.AsSpan(1, 16), bigEndian: true);

    public int MaterialVersion => BinaryPrimitives.ReadInt32BigEndian(_bytes.AsSpan(17, 4));

    public byte[] Iv => _bytes.AsSpan(21, IvLength).ToArray();

    public byte[] Header => _bytes.AsSpan(0, HeaderLength).ToArray();

    public byte[] CiphertextAndTag => _bytes.AsSpan(HeaderLength).ToArray();

    public static byte[] CreateHeader(Guid keyId, int materialVersion, ReadOnlySpan<byte> iv)
    {
        var header = new byte[HeaderLength];
        header[0] = FormatVersion;
        keyId.TryWriteBytes(header.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(17, 4), materialVersion);
        iv.CopyTo(header.AsSpan(21));
        return header;
    }

    public static byte[] Concat(byte[] header, byte[] ciphertextAndTag)
    {
        var blob = new byte[header.Length + ciphertextAndTag.Length];
        header.CopyTo(blob, 0);
        ciphertextAndTag.CopyTo(blob, header.Length);
        return blob;
    }

    public static bool TryParse(byte[] bytes, [NotNullWhen(true)] out CiphertextBlob? blob)
    {
        blob = bytes.Length >= HeaderLength + TagLength && bytes[0] == FormatVersion ? new CiphertextBlob(bytes) : null;
        return blob is not null;
    }
}
