using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Format;

/// <summary>Writes one format-2 framed message from a plaintext stream, holding at most two frames in memory.</summary>
internal sealed class MessageEncryptor
{
    private readonly Stream _output;
    private readonly IncrementalHash? _signatureHash;

    private MessageEncryptor(Stream output, IncrementalHash? signatureHash)
    {
        _output = output;
        _signatureHash = signatureHash;
    }

    public static async Task<long> EncryptAsync(Stream plaintext, Stream output, EncryptionMaterials materials, int frameLength, CancellationToken cancellationToken)
    {
        var suite = materials.Suite;
        var messageId = RandomNumberGenerator.GetBytes(FormatConstants.MessageIdLength(suite.MessageFormatVersion));
        var (contentKey, commitmentKey) = DataKeyDerivation.Derive(suite, materials.PlaintextDataKey!, messageId);
        try
        {
            using var aes = new AesGcm(contentKey, FormatConstants.TagLength);
            using var hash = suite.IsSigning ? IncrementalHash.CreateHash(suite.SignatureHash) : null;
            var writer = new MessageEncryptor(output, hash);
            await writer.WriteHeaderAsync(materials, messageId, (uint)frameLength, commitmentKey, aes, cancellationToken).ConfigureAwait(false);
            var length = await writer.WriteFramesAsync(plaintext, aes, messageId, frameLength, cancellationToken).ConfigureAwait(false);
            if (hash is not null)
            {
                var signature = materials.SigningKey!.SignHash(hash.GetHashAndReset(), DSASignatureFormat.Rfc3279DerSequence);
                var footer = new byte[2 + signature.Length];
                BinaryPrimitives.WriteUInt16BigEndian(footer, (ushort)signature.Length);
                signature.CopyTo(footer, 2);
                await output.WriteAsync(footer, cancellationToken).ConfigureAwait(false);
            }

            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    private async Task WriteHeaderAsync(EncryptionMaterials materials, byte[] messageId, uint frameLength, byte[] commitmentKey, AesGcm aes, CancellationToken cancellationToken)
    {
        var required = materials.RequiredEncryptionContextKeys.ToHashSet(StringComparer.Ordinal);
        var stored = materials.EncryptionContext.Where(pair => !required.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        var reproduced = materials.EncryptionContext.Where(pair => required.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        var body = HeaderSerializer.SerializeBodyV2(materials.Suite, messageId, stored, materials.EncryptedDataKeys, frameLength, commitmentKey);
        var tag = new byte[FormatConstants.TagLength];
        aes.Encrypt(new byte[FormatConstants.IvLength], ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, HeaderAuthentication.Aad(body, reproduced));
        await WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await WriteAsync(tag, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> WriteFramesAsync(Stream plaintext, AesGcm aes, byte[] messageId, int frameLength, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(frameLength);
        var next = ArrayPool<byte>.Shared.Rent(frameLength);
        var frame = ArrayPool<byte>.Shared.Rent(4 + 4 + FormatConstants.IvLength + 4 + frameLength + FormatConstants.TagLength);
        try
        {
            long total = 0;
            var currentLength = await plaintext.ReadAtLeastAsync(current.AsMemory(0, frameLength), frameLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            for (uint sequenceNumber = 1; ; sequenceNumber++)
            {
                var nextLength = currentLength < frameLength
                    ? 0
                    : await plaintext.ReadAtLeastAsync(next.AsMemory(0, frameLength), frameLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var isFinal = nextLength == 0;
                if (sequenceNumber == FormatConstants.FinalFrameMarker && !isFinal)
                {
                    throw new EncryptionSdkException("The plaintext needs more frames than a message can hold: use a larger frame length.");
                }

                var length = SealFrame(frame, current.AsSpan(0, currentLength), aes, messageId, sequenceNumber, isFinal);
                await WriteAsync(frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                total += currentLength;
                if (isFinal)
                {
                    return total;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private static int SealFrame(byte[] frame, ReadOnlySpan<byte> content, AesGcm aes, byte[] messageId, uint sequenceNumber, bool isFinal)
    {
        var span = frame.AsSpan();
        var offset = 0;
        if (isFinal)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, FormatConstants.FinalFrameMarker);
            offset = 4;
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], sequenceNumber);
        var iv = span.Slice(offset + 4, FormatConstants.IvLength);
        BodyAad.WriteFrameIv(iv, sequenceNumber);
        offset += 4 + FormatConstants.IvLength;
        if (isFinal)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)content.Length);
            offset += 4;
        }

        Span<byte> aad = stackalloc byte[BodyAad.MaxLength];
        var kind = isFinal ? FormatConstants.FinalFrameAadString : FormatConstants.FrameAadString;
        var aadLength = BodyAad.Write(aad, messageId, kind, sequenceNumber, (ulong)content.Length);
        aes.Encrypt(iv, content, span.Slice(offset, content.Length), span.Slice(offset + content.Length, FormatConstants.TagLength), aad[..aadLength]);
        return offset + content.Length + FormatConstants.TagLength;
    }

    private ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _signatureHash?.AppendData(bytes.Span);
        return _output.WriteAsync(bytes, cancellationToken);
    }
}
