using System.Security.Cryptography;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;
using KmsKit.Runtime.Suites.Cryptography;

namespace KmsKit.Runtime.Pipelines;

/// <summary>
/// A message's header, read, its data key found by the materials manager, its key commitment checked and its header
/// tag verified: what every body reader starts from. Disposing releases the content cipher and zeroes the data key.
/// </summary>
internal sealed class AuthenticatedHeader : IDisposable
{
    private AuthenticatedHeader(MessageHeader header, DecryptionMaterials materials, AesGcm contentCipher)
    {
        Header = header;
        Materials = materials;
        ContentCipher = contentCipher;
        Info = new MessageInfo(header.Suite, header.MessageId, materials.EncryptionContext);
    }

    public MessageHeader Header { get; }

    public DecryptionMaterials Materials { get; }

    /// <summary>AES-GCM under the content key derived from the data key.</summary>
    public AesGcm ContentCipher { get; }

    public MessageInfo Info { get; }

    public static async Task<AuthenticatedHeader> ReadAsync(
        MessageReader reader,
        ICryptographicMaterialsManager materialsManager,
        IReadOnlyDictionary<string, string> reproducedContext,
        EncryptionClientOptions options,
        CancellationToken cancellationToken)
    {
        var header = await HeaderReader.ReadAsync(reader, options, cancellationToken).ConfigureAwait(false);
        var suite = header.Suite;
        if (!suite.IsCommitting && options.CommitmentPolicy == CommitmentPolicy.RequireEncryptRequireDecrypt)
        {
            throw new EncryptionSdkException($"The message uses suite {suite}, which does not commit to its key; the commitment policy {options.CommitmentPolicy} reads only 0x0478 and 0x0578.");
        }

        var request = new DecryptionMaterialsRequest(suite, header.EncryptedDataKeys, header.EncryptionContext, reproducedContext, options.CommitmentPolicy);
        var materials = await materialsManager.DecryptMaterialsAsync(request, cancellationToken).ConfigureAwait(false);
        AesGcm? aes = null;
        try
        {
            if (materials.Suite != suite || materials.PlaintextDataKey is null)
            {
                throw new EncryptionSdkException("The materials manager returned materials for another suite or without a data key.");
            }

            if (suite.IsSigning && materials.VerificationKey is null)
            {
                throw new EncryptionSdkException($"The materials manager returned materials for the signing suite {suite} without a verification key.");
            }

            aes = OpenContentCipher(header, materials.PlaintextDataKey);
            Authenticate(header, materials, aes);
            return new AuthenticatedHeader(header, materials, aes);
        }
        catch
        {
            aes?.Dispose();
            materials.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decrypts one frame (or the non-framed body) into <paramref name="plaintext"/>, as long as
    /// <paramref name="ciphertext"/>; a failed tag is an <see cref="EncryptionSdkException"/>.
    /// </summary>
    public void DecryptBlock(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> kind, uint sequenceNumber)
    {
        Span<byte> aad = stackalloc byte[BodyAad.MaxLength];
        var aadLength = BodyAad.Write(aad, Header.MessageId, kind, sequenceNumber, (ulong)ciphertext.Length);
        try
        {
            ContentCipher.Decrypt(iv, ciphertext, tag, plaintext, aad[..aadLength]);
        }
        catch (CryptographicException e)
        {
            throw new EncryptionSdkException($"Frame {sequenceNumber} failed authentication: the message was changed.", e);
        }
    }

    public void Dispose()
    {
        ContentCipher.Dispose();
        Materials.Dispose();
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

    private static void Authenticate(MessageHeader header, DecryptionMaterials materials, AesGcm aes)
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
}
