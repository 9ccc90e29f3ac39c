using System.Buffers;
using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;
using KmsKit.Runtime.Suites.Cryptography;

namespace KmsKit.Runtime.Pipelines;

/// <summary>
/// Writes one format-2 framed message: from memory into one span (frames sealed in place, no copies), or from a
/// stream holding at most two frames. One instance per message; the header is made when it is created.
/// </summary>
internal sealed class MessageEncryptor : IDisposable
{
    /// <summary>Sequence number and IV before a regular frame's content, the tag after it.</summary>
    private const int RegularFrameOverhead = 4 + FormatConstants.IvLength + FormatConstants.TagLength;

    /// <summary>Final-frame marker, sequence number, IV and content length before its content, the tag after it.</summary>
    private const int FinalFrameOverhead = 4 + 4 + FormatConstants.IvLength + 4 + FormatConstants.TagLength;

    private readonly AlgorithmSuite _suite;
    private readonly AesGcm _aes;
    private readonly byte[] _messageId;
    private readonly byte[] _header;
    private readonly int _frameLength;
    private readonly ECDsa? _signingKey;

    private MessageEncryptor(AlgorithmSuite suite, AesGcm aes, byte[] messageId, byte[] header, int frameLength, ECDsa? signingKey)
    {
        _suite = suite;
        _aes = aes;
        _messageId = messageId;
        _header = header;
        _frameLength = frameLength;
        _signingKey = signingKey;
    }

    /// <summary>Derives the message's keys and makes its header (body + tag).</summary>
    public static MessageEncryptor Start(EncryptionMaterials materials, int frameLength)
    {
        var suite = materials.Suite;
        var messageId = RandomNumberGenerator.GetBytes(FormatConstants.MessageIdLength(suite.MessageFormatVersion));

        Span<byte> commitmentKey = stackalloc byte[FormatConstants.CommitmentKeyLength];
        var aes = DataKeyDerivation.ContentCipher(suite, materials.PlaintextDataKey, messageId, commitmentKey);
        try
        {
            var header = Header(materials, messageId, (uint)frameLength, commitmentKey, aes);
            return new MessageEncryptor(suite, aes, messageId, header, frameLength, materials.SigningKey);
        }
        catch
        {
            aes.Dispose();
            throw;
        }
    }

    /// <summary>The exact length of the message of <paramref name="plaintextLength"/> bytes (signatures have one length).</summary>
    public long MessageLength(long plaintextLength)
    {
        var regularFrames = plaintextLength == 0 ? 0 : (plaintextLength - 1) / _frameLength;
        var finalContent = plaintextLength - (regularFrames * _frameLength);
        var footer = _signingKey is null ? 0 : 2 + FooterSignature.Length(_signingKey);
        return _header.Length + (regularFrames * (_frameLength + RegularFrameOverhead)) + finalContent + FinalFrameOverhead + footer;
    }

    /// <summary>
    /// Writes the whole message into <paramref name="destination"/> (at least <see cref="MessageLength"/> long,
    /// not overlapping the plaintext) and returns its length.
    /// </summary>
    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        _header.CopyTo(destination);
        var offset = _header.Length;
        uint sequenceNumber = 1;
        for (; plaintext.Length > _frameLength; sequenceNumber++)
        {
            offset += SealFrame(destination[offset..], plaintext[.._frameLength], sequenceNumber, isFinal: false);
            plaintext = plaintext[_frameLength..];
        }

        offset += SealFrame(destination[offset..], plaintext, sequenceNumber, isFinal: true);
        if (_signingKey is null)
        {
            return offset;
        }

        using var signed = IncrementalHash.CreateHash(_suite.SignatureHash);
        signed.AppendData(destination[..offset]);
        Span<byte> hash = stackalloc byte[64];
        signed.TryGetHashAndReset(hash, out var hashLength);
        return offset + WriteFooter(destination[offset..], hash[..hashLength]);
    }

    /// <summary>Writes the message of a plaintext stream frame by frame and returns the plaintext length.</summary>
    public async Task<long> EncryptAsync(Stream plaintext, Stream output, CancellationToken cancellationToken)
    {
        using var hash = _signingKey is null ? null : IncrementalHash.CreateHash(_suite.SignatureHash);
        await WriteAsync(output, hash, _header, cancellationToken).ConfigureAwait(false);
        var length = await WriteFramesAsync(plaintext, output, hash, cancellationToken).ConfigureAwait(false);
        if (hash is not null)
        {
            var footer = new byte[2 + FooterSignature.Length(_signingKey!)];
            WriteFooter(footer, hash.GetHashAndReset());
            await output.WriteAsync(footer, cancellationToken).ConfigureAwait(false);
        }

        return length;
    }

    public void Dispose() => _aes.Dispose();

    /// <summary>Writes the footer (signature length, signature) for <paramref name="hash"/>, the message's hash, and returns its length.</summary>
    private int WriteFooter(Span<byte> destination, ReadOnlySpan<byte> hash)
    {
        var signatureLength = FooterSignature.Length(_signingKey!);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)signatureLength);
        FooterSignature.Sign(_signingKey!, hash, destination.Slice(2, signatureLength));
        return 2 + signatureLength;
    }

    private static byte[] Header(EncryptionMaterials materials, byte[] messageId, uint frameLength, ReadOnlySpan<byte> commitmentKey, AesGcm aes)
    {
        var required = materials.RequiredEncryptionContextKeys;
        var stored = materials.EncryptionContext;
        IReadOnlyDictionary<string, string> reproduced = ReadOnlyDictionary<string, string>.Empty;
        if (required.Count > 0)
        {
            var keys = new HashSet<string>(required, StringComparer.Ordinal);
            var kept = new Dictionary<string, string>(StringComparer.Ordinal);
            var left = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in materials.EncryptionContext)
            {
                (keys.Contains(pair.Key) ? left : kept).Add(pair.Key, pair.Value);
            }

            (stored, reproduced) = (kept, left);
        }

        var (header, bodyLength) = HeaderSerializer.SerializeV2(materials.Suite, messageId, stored, materials.EncryptedDataKeys, frameLength, commitmentKey);
        var body = header.AsSpan(0, bodyLength);
        Span<byte> iv = stackalloc byte[FormatConstants.IvLength];
        iv.Clear();
        aes.Encrypt(iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, header.AsSpan(bodyLength), HeaderAuthentication.Aad(body, reproduced));
        return header;
    }

    private static ValueTask WriteAsync(Stream output, IncrementalHash? hash, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        hash?.AppendData(bytes.Span);
        return output.WriteAsync(bytes, cancellationToken);
    }

    private async Task<long> WriteFramesAsync(Stream plaintext, Stream output, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var frameLength = _frameLength;
        var current = ArrayPool<byte>.Shared.Rent(frameLength);
        var next = ArrayPool<byte>.Shared.Rent(frameLength);
        var frame = ArrayPool<byte>.Shared.Rent(frameLength + FinalFrameOverhead);
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

                var length = SealFrame(frame, current.AsSpan(0, currentLength), sequenceNumber, isFinal);
                await WriteAsync(output, hash, frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Writes one frame into <paramref name="destination"/>, the content encrypted straight into its place, and returns its length.</summary>
    private int SealFrame(Span<byte> destination, ReadOnlySpan<byte> content, uint sequenceNumber, bool isFinal)
    {
        var offset = 0;
        if (isFinal)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, FormatConstants.FinalFrameMarker);
            offset = 4;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], sequenceNumber);
        var iv = destination.Slice(offset + 4, FormatConstants.IvLength);
        BodyAad.WriteFrameIv(iv, sequenceNumber);
        offset += 4 + FormatConstants.IvLength;
        if (isFinal)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], (uint)content.Length);
            offset += 4;
        }

        Span<byte> aad = stackalloc byte[BodyAad.MaxLength];
        var kind = isFinal ? FormatConstants.FinalFrameAadString : FormatConstants.FrameAadString;
        var aadLength = BodyAad.Write(aad, _messageId, kind, sequenceNumber, (ulong)content.Length);
        _aes.Encrypt(iv, content, destination.Slice(offset, content.Length), destination.Slice(offset + content.Length, FormatConstants.TagLength), aad[..aadLength]);
        return offset + content.Length + FormatConstants.TagLength;
    }
}
