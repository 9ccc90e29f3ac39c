using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;
using KmsKit.Runtime.Serialization;

namespace KmsKit.Runtime.Caching;

/// <summary>
/// Cache ids in the manner of the caching CMM specification: SHA-512 over the partition id's hash, the suite and
/// the encryption context; for decryption also the sorted hashes of the encrypted data keys and the reproduced
/// context's hash. Ids never leave the process, so they need not match other SDKs'.
/// </summary>
internal static class CacheIds
{
    /// <summary>
    /// One SHA-512 over the partition hash, the suite, the serialized context (self-delimiting) and the sorted
    /// required keys, each length-prefixed: the id only has to be unambiguous within this process's cache, and
    /// hashing once is a large share of a small message's cost.
    /// </summary>
    public static string ForEncrypt(byte[] partitionHash, EncryptionMaterialsRequest request)
    {
        var context = EncryptionContextSerializer.Serialize(request.EncryptionContext);
        var required = (request.RequiredEncryptionContextKeys ?? []).Order(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes).ToList();
        var input = new byte[partitionHash.Length + 3 + context.Length + required.Sum(key => 4 + key.Length)];
        partitionHash.CopyTo(input, 0);
        var offset = partitionHash.Length + WriteSuite(input.AsSpan(partitionHash.Length), request.Suite);
        context.CopyTo(input, offset);
        offset += context.Length;
        foreach (var key in required)
        {
            BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(offset), key.Length);
            key.CopyTo(input, offset + 4);
            offset += 4 + key.Length;
        }

        Span<byte> id = stackalloc byte[SHA512.HashSizeInBytes];
        SHA512.HashData(input.AsSpan(0, offset), id);
        return Convert.ToHexString(id);
    }

    public static string ForDecrypt(byte[] partitionHash, DecryptionMaterialsRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(partitionHash);
        AppendSuite(hash, request.Suite);
        foreach (var keyHash in request.EncryptedDataKeys.Select(HashKey).Order(ByteOrder.Instance))
        {
            hash.AppendData(keyHash);
        }

        hash.AppendData(new byte[64]);
        hash.AppendData(SHA512.HashData(EncryptionContextSerializer.Serialize(request.EncryptionContext)));
        hash.AppendData(SHA512.HashData(EncryptionContextSerializer.Serialize(request.ReproducedEncryptionContext)));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static byte[] HashPartition(string partitionId) => SHA512.HashData(Encoding.UTF8.GetBytes(partitionId));

    private static void AppendSuite(IncrementalHash hash, AlgorithmSuite? suite)
    {
        Span<byte> bytes = stackalloc byte[3];
        hash.AppendData(bytes[..WriteSuite(bytes, suite)]);
    }

    /// <summary>0 for no suite, or 1 + the suite id; returns the length written.</summary>
    private static int WriteSuite(Span<byte> destination, AlgorithmSuite? suite)
    {
        destination[0] = suite is null ? (byte)0 : (byte)1;
        if (suite is null)
        {
            return 1;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], suite.Id);
        return 3;
    }

    /// <summary>One SHA-512 over the key's three fields, each with its u16 length.</summary>
    private static byte[] HashKey(EncryptedDataKey key)
    {
        var providerIdLength = Encoding.UTF8.GetByteCount(key.ProviderId);
        var input = new byte[6 + providerIdLength + key.ProviderInfo.Length + key.Ciphertext.Length];
        BinaryPrimitives.WriteUInt16BigEndian(input, (ushort)providerIdLength);
        Encoding.UTF8.GetBytes(key.ProviderId, input.AsSpan(2));
        var offset = 2 + providerIdLength;
        foreach (var field in (ReadOnlySpan<byte[]>)[key.ProviderInfo, key.Ciphertext])
        {
            BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(offset), (ushort)field.Length);
            field.CopyTo(input, offset + 2);
            offset += 2 + field.Length;
        }

        return SHA512.HashData(input);
    }
}
