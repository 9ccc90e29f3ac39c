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
        var header = await HeaderReader.ReadAsync(reader, options, cancellationToken).ConfigureAwait(false);
        var maxBodySize = options.MaxBodySize ?? long.MaxValue;
        var suite = header.Suite;
        if (!suite.IsCommitting && options.CommitmentPolicy == CommitmentPolicy.RequireEncryptRequireDecrypt)
        {
            throw new EncryptionSdkException($"The message uses suite {suite}, which does not commit to its key; the commitment policy {options.CommitmentPolicy} reads only 0x0478 and 0x0578.");
        }

        var request = new DecryptionMaterialsRequest(suite, header.EncryptedDataKeys, header.EncryptionContext, reproducedContext, options.CommitmentPolicy);
        using var materials = await materialsManager.DecryptMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        if (materials.Suite != suite || materials.PlaintextDataKey is null)
        {
            throw new EncryptionSdkException("The materials manager returned materials for another suite or without a data key.");
        }

        using var aes = OpenContentCipher(header, materials.PlaintextDataKey);
        AuthenticateHeader(header, materials, aes);
        var info = new MessageInfo(suite, header.MessageId, materials.EncryptionContext);

        using var hash = suite.IsSigning ? IncrementalHash.CreateHash(suite.SignatureHash) : null;
        if (hash is null || release == PlaintextRelease.Streaming)
        {
            KmsKitTelemetry.BytesDecrypted.Add(await ReadRestAsync(reader, hash, header, materials, aes, output, maxBodySize, cancellationToken).ConfigureAwait(false));
            return info;
        }

        if (input.CanSeek)
        {
            // Two passes in constant memory: authenticate everything, then decrypt the same frames again.
            var bodyStart = input.Position;
            await ReadRestAsync(reader, hash, header, materials, aes, Stream.Null, maxBodySize, cancellationToken).ConfigureAwait(false);
            input.Position = bodyStart;
            KmsKitTelemetry.BytesDecrypted.Add(await ReadBodyAsync(new MessageReader(input), header, aes, output, maxBodySize, cancellationToken).ConfigureAwait(false));
            return info;
        }

        // Not seekable: the plaintext waits in memory (zeroed afterwards) until the signature is verified.
        using var buffer = new PlaintextBuffer();
        await ReadRestAsync(reader, hash, header, materials, aes, buffer, maxBodySize, cancellationToken).ConfigureAwait(false);
        await buffer.ReleaseToAsync(output, cancellationToken).ConfigureAwait(false);
        KmsKitTelemetry.BytesDecrypted.Add(buffer.Length);
        return info;
    }

    private static AesGcm OpenContentCipher(MessageHeader header, byte[] dataKey)
    {
        Span<byte> commitmentKey = stackalloc byte[FormatConstants.CommitmentKeyLength];
        var aes = DataKeyDerivation.ContentCipher(header.Suite, dataKey, header.MessageId, commitmentKey);
        if (header.Suite.IsCommitting && !CryptographicOperations.FixedTimeEquals(commitmentKey, header.CommitmentKey))
        {
            aes.Dispose();
            throw new EncryptionSdkException("The key commitment in the header does not match the data key: the message was not made with this key.");
        }

        return aes;
    }

    private static void AuthenticateHeader(MessageHeader header, DecryptionMaterials materials, AesGcm aes)
    {
        var reproduced = new Dictionary<string, string>(materials.RequiredEncryptionContextKeys.Count, StringComparer.Ordinal);
        foreach (var key in materials.RequiredEncryptionContextKeys)
        {
            if (materials.EncryptionContext.TryGetValue(key, out var value))
            {
                reproduced[key] = value;
            }
        }

        try
        {
            aes.Decrypt(header.AuthenticationIv, ReadOnlySpan<byte>.Empty, header.AuthenticationTag, Span<byte>.Empty, HeaderAuthentication.Aad(header.Body, reproduced));
        }
        catch (CryptographicException e)
        {
            throw new EncryptionSdkException("The header failed authentication: it was changed, or the encryption context supplied does not match.", e);
        }
    }

    private static async Task<long> ReadRestAsync(MessageReader reader, IncrementalHash? hash, MessageHeader header, DecryptionMaterials materials, AesGcm aes, Stream output, long maxBodySize, CancellationToken cancellationToken)
    {
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

        var length = await ReadBodyAsync(reader, header, aes, output, maxBodySize, cancellationToken).ConfigureAwait(false);
        if (hash is not null)
        {
            reader.SignatureHash = null;
            var signature = await reader.ReadBytesAsync(await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (!materials.VerificationKey!.VerifyHash(hash.GetHashAndReset(), signature, DSASignatureFormat.Rfc3279DerSequence))
            {
                throw new EncryptionSdkException("The message signature is not valid: the message was changed or not signed by its writer.");
            }
        }

        await reader.EnsureEndAsync(cancellationToken).ConfigureAwait(false);
        return length;
    }

    private static Task<long> ReadBodyAsync(MessageReader reader, MessageHeader header, AesGcm aes, Stream output, long maxBodySize, CancellationToken cancellationToken) =>
        header.ContentType == ContentType.Framed
            ? ReadFramesAsync(reader, header, aes, output, cancellationToken)
            : ReadSingleBlockAsync(reader, header, aes, output, maxBodySize, cancellationToken);

    private static async Task<long> ReadFramesAsync(MessageReader reader, MessageHeader header, AesGcm aes, Stream output, CancellationToken cancellationToken)
    {
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
                Open(aes, header.MessageId, iv, ciphertext, content, plaintext, isFinal ? FormatConstants.FinalFrameAadString : FormatConstants.FrameAadString, sequenceNumber);
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
    private static async Task<long> ReadSingleBlockAsync(MessageReader reader, MessageHeader header, AesGcm aes, Stream output, long maxBodySize, CancellationToken cancellationToken)
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
            Open(aes, header.MessageId, iv, ciphertext, content, plaintext, FormatConstants.SingleBlockAadString, 1);
            await output.WriteAsync(plaintext, cancellationToken).ConfigureAwait(false);
            return content;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static void Open(AesGcm aes, byte[] messageId, byte[] iv, byte[] ciphertext, int length, byte[] plaintext, ReadOnlySpan<byte> kind, uint sequenceNumber)
    {
        Span<byte> aad = stackalloc byte[BodyAad.MaxLength];
        var aadLength = BodyAad.Write(aad, messageId, kind, sequenceNumber, (ulong)length);
        try
        {
            aes.Decrypt(iv, ciphertext.AsSpan(0, length), ciphertext.AsSpan(length, FormatConstants.TagLength), plaintext.AsSpan(0, length), aad[..aadLength]);
        }
        catch (CryptographicException e)
        {
            throw new EncryptionSdkException($"Frame {sequenceNumber} failed authentication: the message was changed.", e);
        }
    }
}
