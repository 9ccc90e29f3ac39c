using System.Buffers;
using System.Security.Cryptography;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;
using KmsKit.Runtime.Suites.Cryptography;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime.Pipelines;

/// <summary>
/// Reads one message of either format: header, key commitment, header tag, body frames, footer signature.
/// Nothing reaches the output before the header is authenticated; with
/// <see cref="PlaintextRelease.AfterSignatureVerification"/>, nothing before the signature is verified either.
/// </summary>
internal static class MessageDecryptor
{
    public static async Task<MessageInfo> DecryptAsync(
        Stream input,
        Stream output,
        ICryptographicMaterialsManager materialsManager,
        IReadOnlyDictionary<string, string> reproducedContext,
        EncryptionClientOptions options,
        PlaintextRelease release,
        CancellationToken cancellationToken)
    {
        var reader = new MessageReader(input);
        using var opened = await AuthenticatedHeader.ReadAsync(reader, materialsManager, reproducedContext, options, cancellationToken).ConfigureAwait(false);
        var maxBodySize = options.MaxBodySize ?? long.MaxValue;
        var info = opened.Info;

        using var hash = opened.Header.Suite.IsSigning ? IncrementalHash.CreateHash(opened.Header.Suite.SignatureHash) : null;
        if (hash is null || release == PlaintextRelease.Streaming)
        {
            KmsKitTelemetry.BytesDecrypted.Add(await ReadRestAsync(reader, hash, opened, output, maxBodySize, cancellationToken).ConfigureAwait(false));
            return info;
        }

        if (input.CanSeek)
        {
            // Two passes in constant memory: authenticate everything, then decrypt the same frames again.
            var bodyStart = input.Position;
            await ReadRestAsync(reader, hash, opened, Stream.Null, maxBodySize, cancellationToken).ConfigureAwait(false);
            input.Position = bodyStart;
            KmsKitTelemetry.BytesDecrypted.Add(await ReadBodyAsync(new MessageReader(input), opened, output, maxBodySize, cancellationToken).ConfigureAwait(false));
            return info;
        }

        // Not seekable: the plaintext waits in memory (zeroed afterwards) until the signature is verified.
        using var buffer = new PlaintextBuffer();
        await ReadRestAsync(reader, hash, opened, buffer, maxBodySize, cancellationToken).ConfigureAwait(false);
        await buffer.ReleaseToAsync(output, cancellationToken).ConfigureAwait(false);
        KmsKitTelemetry.BytesDecrypted.Add(buffer.Length);
        return info;
    }

    private static async Task<long> ReadRestAsync(MessageReader reader, IncrementalHash? hash, AuthenticatedHeader opened, Stream output, long maxBodySize, CancellationToken cancellationToken)
    {
        var header = opened.Header;
        if (hash is not null)
        {
            hash.AppendData(header.Body);
            if (header.Suite.MessageFormatVersion == 1)
            {
                hash.AppendData(header.AuthenticationIv);
            }

            hash.AppendData(header.AuthenticationTag);
            reader.SignatureHash = hash;
        }

        var length = await ReadBodyAsync(reader, opened, output, maxBodySize, cancellationToken).ConfigureAwait(false);
        if (hash is not null)
        {
            reader.SignatureHash = null;
            var signature = await reader.ReadBytesAsync(await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (!opened.Materials.VerificationKey!.VerifyHash(hash.GetHashAndReset(), signature, DSASignatureFormat.Rfc3279DerSequence))
            {
                throw new EncryptionSdkException("The message signature is not valid: the message was changed or not signed by its writer.");
            }
        }

        await reader.EnsureEndAsync(cancellationToken).ConfigureAwait(false);
        return length;
    }

    private static Task<long> ReadBodyAsync(MessageReader reader, AuthenticatedHeader opened, Stream output, long maxBodySize, CancellationToken cancellationToken) =>
        opened.Header.ContentType == ContentType.Framed
            ? ReadFramesAsync(reader, opened, output, cancellationToken)
            : ReadSingleBlockAsync(reader, opened, output, maxBodySize, cancellationToken);

    private static async Task<long> ReadFramesAsync(MessageReader reader, AuthenticatedHeader opened, Stream output, CancellationToken cancellationToken)
    {
        var header = opened.Header;
        var frameLength = (int)header.FrameLength;
        var ciphertext = ArrayPool<byte>.Shared.Rent(frameLength + FormatConstants.TagLength);
        var plaintext = ArrayPool<byte>.Shared.Rent(frameLength);
        var iv = new byte[FormatConstants.IvLength];
        long total = 0;
        try
        {
            for (uint expected = 1; ; expected++)
            {
                var sequenceNumber = await reader.ReadUInt32Async(cancellationToken).ConfigureAwait(false);
                var isFinal = sequenceNumber == FormatConstants.FinalFrameMarker;
                if (isFinal)
                {
                    sequenceNumber = await reader.ReadUInt32Async(cancellationToken).ConfigureAwait(false);
                }

                if (sequenceNumber != expected)
                {
                    throw new EncryptionSdkException($"Frame {expected} carries sequence number {sequenceNumber}: frames were reordered, dropped or added.");
                }

                await reader.ReadExactlyAsync(iv, cancellationToken).ConfigureAwait(false);
                var length = isFinal ? await reader.ReadUInt32Async(cancellationToken).ConfigureAwait(false) : header.FrameLength;
                if (length > header.FrameLength)
                {
                    throw new EncryptionSdkException($"The final frame says it holds {length} bytes, more than the frame length {header.FrameLength}.");
                }

                var content = (int)length;
                await reader.ReadExactlyAsync(ciphertext.AsMemory(0, content + FormatConstants.TagLength), cancellationToken).ConfigureAwait(false);
                opened.DecryptBlock(iv, ciphertext.AsSpan(0, content), ciphertext.AsSpan(content, FormatConstants.TagLength), plaintext.AsSpan(0, content), isFinal ? FormatConstants.FinalFrameAadString : FormatConstants.FrameAadString, sequenceNumber);
                await output.WriteAsync(plaintext.AsMemory(0, content), cancellationToken).ConfigureAwait(false);
                total += content;
                if (isFinal)
                {
                    return total;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            ArrayPool<byte>.Shared.Return(ciphertext);
            ArrayPool<byte>.Shared.Return(plaintext);
        }
    }

    /// <summary>Non-framed (legacy) bodies are one AES-GCM block, so they are held in memory whole.</summary>
    private static async Task<long> ReadSingleBlockAsync(MessageReader reader, AuthenticatedHeader opened, Stream output, long maxBodySize, CancellationToken cancellationToken)
    {
        var iv = await reader.ReadBytesAsync(FormatConstants.IvLength, cancellationToken).ConfigureAwait(false);
        var length = await reader.ReadUInt64Async(cancellationToken).ConfigureAwait(false);
        if (length > FormatConstants.MaxNonFramedContentLength || length > (ulong)(Array.MaxLength - FormatConstants.TagLength))
        {
            throw new EncryptionSdkException($"The non-framed body says it holds {length} bytes, more than this reader accepts.");
        }

        if ((long)length > maxBodySize)
        {
            throw new EncryptionSdkException($"The non-framed body says it holds {length} bytes, more than MaxBodySize ({maxBodySize}).");
        }

        var content = (int)length;
        var ciphertext = await reader.ReadBytesAsync(content + FormatConstants.TagLength, cancellationToken).ConfigureAwait(false);
        var plaintext = new byte[content];
        try
        {
            opened.DecryptBlock(iv, ciphertext.AsSpan(0, content), ciphertext.AsSpan(content), plaintext, FormatConstants.SingleBlockAadString, 1);
            await output.WriteAsync(plaintext, cancellationToken).ConfigureAwait(false);
            return content;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
