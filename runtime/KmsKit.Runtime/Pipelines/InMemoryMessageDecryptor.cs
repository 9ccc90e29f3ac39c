using System.Buffers.Binary;
using System.Security.Cryptography;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime.Pipelines;

/// <summary>
/// Decrypts a message held in memory into one new array of the plaintext's exact length: the body's structure is
/// checked first (which gives that length), then each frame is decrypted from its place in the message straight into
/// its place in the plaintext, and the signature is verified over the message as it lies. No copies, no buffers.
/// The plaintext is returned only once everything is verified; on any failure it is zeroed.
/// </summary>
internal static class InMemoryMessageDecryptor
{
    public static async Task<DecryptResult> DecryptAsync(
        ReadOnlyMemory<byte> message,
        ICryptographicMaterialsManager materialsManager,
        IReadOnlyDictionary<string, string> reproducedContext,
        EncryptionClientOptions options,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var input = new ReadOnlyMemoryStream(message);
        using var opened = await AuthenticatedHeader.ReadAsync(new MessageReader(input), materialsManager, reproducedContext, options, cancellationToken).ConfigureAwait(false);

        // The body is decrypted in one synchronous pass: the last place to honour a cancellation.
        cancellationToken.ThrowIfCancellationRequested();
        var plaintext = Decrypt(message.Span, (int)input.Position, opened, options.MaxBodySize ?? long.MaxValue);
        KmsKitTelemetry.BytesDecrypted.Add(plaintext.Length);
        return new DecryptResult(plaintext, opened.Info);
    }

    private static byte[] Decrypt(ReadOnlySpan<byte> message, int bodyStart, AuthenticatedHeader opened, long maxBodySize)
    {
        var blocks = new BodyReader(message, bodyStart, opened.Header, maxBodySize);
        var length = 0;
        while (blocks.MoveNext())
        {
            // Cannot overflow: every block's ciphertext lies in the message, itself shorter than int.MaxValue.
            length += blocks.Ciphertext.Length;
        }

        var bodyEnd = blocks.Offset;
        var signature = Footer(message[bodyEnd..], opened.Header.Suite.IsSigning);

        // Uninitialized is safe: the blocks' ciphertexts, whose lengths sum to the array's, are decrypted into
        // consecutive places from its start, so every byte is written before the array is returned; on any failure
        // the whole array is zeroed and never leaves this method.
        var plaintext = GC.AllocateUninitializedArray<byte>(length);
        try
        {
            blocks = new BodyReader(message, bodyStart, opened.Header, maxBodySize);
            var offset = 0;
            while (blocks.MoveNext())
            {
                opened.DecryptBlock(blocks.Iv, blocks.Ciphertext, blocks.Tag, plaintext.AsSpan(offset, blocks.Ciphertext.Length), blocks.Kind, blocks.SequenceNumber);
                offset += blocks.Ciphertext.Length;
            }

            if (opened.Header.Suite.IsSigning)
            {
                Verify(opened.Materials.VerificationKey!, opened.Header.Suite.SignatureHash, message[..bodyEnd], signature);
            }

            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>The footer's signature (empty for unsigned suites), which must end the message.</summary>
    internal static ReadOnlySpan<byte> Footer(ReadOnlySpan<byte> rest, bool isSigning)
    {
        var signature = ReadOnlySpan<byte>.Empty;
        if (isSigning)
        {
            if (rest.Length < 2 || rest.Length - 2 < BinaryPrimitives.ReadUInt16BigEndian(rest))
            {
                throw new EncryptionSdkException("The message ends early: it is truncated.");
            }

            signature = rest.Slice(2, BinaryPrimitives.ReadUInt16BigEndian(rest));
            rest = rest[(2 + signature.Length)..];
        }

        return rest.IsEmpty ? signature : throw new EncryptionSdkException("Bytes follow the end of the message.");
    }

    private static void Verify(ECDsa verificationKey, HashAlgorithmName hashName, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        using var hash = IncrementalHash.CreateHash(hashName);
        hash.AppendData(signed);
        Span<byte> digest = stackalloc byte[64];
        hash.TryGetHashAndReset(digest, out var digestLength);
        if (!verificationKey.VerifyHash(digest[..digestLength], signature, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new EncryptionSdkException("The message signature is not valid: the message was changed or not signed by its writer.");
        }
    }
}
