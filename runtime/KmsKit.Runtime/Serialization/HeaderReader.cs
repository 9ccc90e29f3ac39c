using System.Text;
using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Serialization;

/// <summary>Reads and checks the structure of a header of either format; authentication comes later, with the key.</summary>
internal static class HeaderReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The header, within the limits of <paramref name="options"/> (encrypted data keys, body size).</summary>
    public static async ValueTask<MessageHeader> ReadAsync(MessageReader reader, EncryptionClientOptions options, CancellationToken cancellationToken)
    {
        reader.StartCapture();
        var version = await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
        if (version is not (1 or 2))
        {
            throw new EncryptionSdkException($"This is not an AWS Encryption SDK message: version byte 0x{version:X2} (expected 0x01 or 0x02).");
        }

        if (version == 1)
        {
            var type = await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
            if (type != FormatConstants.MessageTypeCustomerAead)
            {
                throw new EncryptionSdkException($"Unknown message type 0x{type:X2} (expected 0x80).");
            }
        }

        var suiteId = await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false);
        var suite = AlgorithmSuite.FromId(suiteId)
            ?? throw new EncryptionSdkException($"Unknown algorithm suite 0x{suiteId:X4}.");
        if (suite.MessageFormatVersion != version)
        {
            throw new EncryptionSdkException($"Algorithm suite {suite} does not belong in a message of format {version}.");
        }

        var messageId = await reader.ReadBytesAsync(FormatConstants.MessageIdLength(version), cancellationToken).ConfigureAwait(false);
        var contextLength = await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false);
        var context = EncryptionContextSerializer.Deserialize(await reader.ReadBytesAsync(contextLength, cancellationToken).ConfigureAwait(false));
        var encryptedDataKeys = await ReadEncryptedDataKeysAsync(reader, options.MaxEncryptedDataKeys, cancellationToken).ConfigureAwait(false);

        var contentType = (ContentType)await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
        if (contentType is not (ContentType.Framed or ContentType.NonFramed))
        {
            throw new EncryptionSdkException($"Unknown content type 0x{(byte)contentType:X2}.");
        }

        if (version == 1)
        {
            if (await reader.ReadUInt32Async(cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new EncryptionSdkException("The reserved bytes of the header are not zero.");
            }

            var ivLength = await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
            if (ivLength != FormatConstants.IvLength)
            {
                throw new EncryptionSdkException($"The header gives an IV length of {ivLength}; the suite uses {FormatConstants.IvLength}.");
            }
        }

        var frameLength = await reader.ReadUInt32Async(cancellationToken).ConfigureAwait(false);
        if (contentType == ContentType.Framed && frameLength == 0)
        {
            throw new EncryptionSdkException("A framed message has a frame length of 0.");
        }

        if (contentType == ContentType.NonFramed && frameLength != 0)
        {
            throw new EncryptionSdkException("A non-framed message has a non-zero frame length.");
        }

        if (frameLength > EncryptionClientOptions.MaxFrameLength)
        {
            throw new EncryptionSdkException($"The frame length {frameLength} is larger than this reader accepts ({EncryptionClientOptions.MaxFrameLength}).");
        }

        if (frameLength > options.MaxBodySize)
        {
            throw new EncryptionSdkException($"The frame length {frameLength} is larger than MaxBodySize ({options.MaxBodySize}).");
        }

        var commitmentKey = version == 2
            ? await reader.ReadBytesAsync(FormatConstants.CommitmentKeyLength, cancellationToken).ConfigureAwait(false)
            : [];
        var body = reader.StopCapture();

        var authenticationIv = version == 1
            ? await reader.ReadBytesAsync(FormatConstants.IvLength, cancellationToken).ConfigureAwait(false)
            : new byte[FormatConstants.IvLength];
        var authenticationTag = await reader.ReadBytesAsync(FormatConstants.TagLength, cancellationToken).ConfigureAwait(false);
        return new MessageHeader(suite, messageId, context, encryptedDataKeys, contentType, frameLength, commitmentKey, body, authenticationIv, authenticationTag);
    }

    private static async ValueTask<List<EncryptedDataKey>> ReadEncryptedDataKeysAsync(MessageReader reader, int maxEncryptedDataKeys, CancellationToken cancellationToken)
    {
        var count = await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            throw new EncryptionSdkException("The header has no encrypted data key.");
        }

        if (count > maxEncryptedDataKeys)
        {
            throw new EncryptionSdkException($"The message has {count} encrypted data keys; this client accepts at most {maxEncryptedDataKeys}.");
        }

        var keys = new List<EncryptedDataKey>(count);
        for (var i = 0; i < count; i++)
        {
            var providerIdBytes = await ReadFieldAsync(reader, cancellationToken).ConfigureAwait(false);
            string providerId;
            try
            {
                providerId = StrictUtf8.GetString(providerIdBytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new EncryptionSdkException("An encrypted data key's provider id is not valid UTF-8.", e);
            }

            var providerInfo = await ReadFieldAsync(reader, cancellationToken).ConfigureAwait(false);
            var ciphertext = await ReadFieldAsync(reader, cancellationToken).ConfigureAwait(false);
            keys.Add(new EncryptedDataKey(providerId, providerInfo, ciphertext));
        }

        return keys;
    }

    private static async ValueTask<byte[]> ReadFieldAsync(MessageReader reader, CancellationToken cancellationToken) =>
        await reader.ReadBytesAsync(await reader.ReadUInt16Async(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
