using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Caching;

/// <summary>
/// Cache ids in the manner of the caching CMM specification: SHA-512 over the partition id's hash, the suite and
/// the encryption context's hash; for decryption also the sorted hashes of the encrypted data keys and the
/// reproduced context's hash.
/// </summary>
internal static class CacheIds
{
    public static string ForEncrypt(byte[] partitionHash, EncryptionMaterialsRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(partitionHash);
        AppendSuite(hash, request.Suite);
        hash.AppendData(SHA512.HashData(EncryptionContextSerializer.Serialize(request.EncryptionContext)));
        hash.AppendData(SHA512.HashData(Encoding.UTF8.GetBytes(string.Join('\0', (request.RequiredEncryptionContextKeys ?? []).Order(StringComparer.Ordinal)))));
        return Convert.ToHexString(hash.GetHashAndReset());
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
        bytes[0] = suite is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[1..], suite?.Id ?? 0);
        hash.AppendData(suite is null ? bytes[..1] : bytes);
    }

    private static byte[] HashKey(EncryptedDataKey key)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Span<byte> length = stackalloc byte[2];
        foreach (var field in new[] { Encoding.UTF8.GetBytes(key.ProviderId), key.ProviderInfo, key.Ciphertext })
        {
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)field.Length);
            hash.AppendData(length);
            hash.AppendData(field);
        }

        return hash.GetHashAndReset();
    }
}
