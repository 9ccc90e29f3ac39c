using System;
using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Crypto;

/// <summary>
/// EME-OAEP decoding (RFC 8017, 7.1.2 step 3) with an empty label, for modules whose CKM_RSA_PKCS_OAEP
/// supports SHA-1 only (SoftHSM 2.6): the HSM does the raw RSA decryption, this removes the padding.
/// Failures are indistinguishable to the caller: one exception, no early exit on the secret-dependent checks.
/// </summary>
internal static class OaepDecoding
{
    public static byte[] Decode(ReadOnlySpan<byte> encodedMessage, HashAlgorithmName hash)
    {
        var hashLength = HashLength(hash);
        var k = encodedMessage.Length;
        if (k < 2 * hashLength + 2)
        {
            throw Failure();
        }

        var maskedSeed = encodedMessage.Slice(1, hashLength);
        var maskedDb = encodedMessage[(1 + hashLength)..];
        var seed = new byte[hashLength];
        var db = new byte[maskedDb.Length];
        try
        {
            Mgf1(maskedDb, hash, seed);
            Xor(seed, maskedSeed);
            Mgf1(seed, hash, db);
            Xor(db, maskedDb);

            Span<byte> emptyLabelHash = stackalloc byte[hashLength];
            Hash(hash, ReadOnlySpan<byte>.Empty, emptyLabelHash);

            // Every check ORs into one value: no branch on which check failed (a first-byte oracle is Manger's attack).
            var bad = (int)encodedMessage[0];
            for (var i = 0; i < hashLength; i++)
            {
                bad |= db[i] ^ emptyLabelHash[i];
            }

            // The separator's position depends on the plaintext: every byte is visited and it is found by masks,
            // with no branch or early exit on db's bytes.
            var separator = 0;
            var looking = 1;
            var invalidPadding = 0;
            for (var i = hashLength; i < db.Length; i++)
            {
                var isOne = IsZero(db[i] ^ 1);
                var isZero = IsZero(db[i]);
                separator |= -(looking & isOne) & i;
                invalidPadding |= looking & ((isOne | isZero) ^ 1);
                looking &= isOne ^ 1;
            }

            if ((bad | invalidPadding | looking) != 0)
            {
                throw Failure();
            }

            return db.AsSpan(separator + 1).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(db);
        }
    }

    /// <summary>1 when <paramref name="value"/> (0 to 255) is 0, else 0, without a branch.</summary>
    private static int IsZero(int value) => ((value - 1) >> 31) & 1;

    private static void Mgf1(ReadOnlySpan<byte> seed, HashAlgorithmName hash, Span<byte> mask)
    {
        var hashLength = HashLength(hash);
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        Span<byte> block = stackalloc byte[hashLength];
        for (uint counter = 0, offset = 0; offset < mask.Length; counter++, offset += (uint)hashLength)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(seed.Length), counter);
            Hash(hash, input, block);
            block[..Math.Min(hashLength, mask.Length - (int)offset)].CopyTo(mask[(int)offset..]);
        }

        CryptographicOperations.ZeroMemory(input);
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }

    private static void Hash(HashAlgorithmName hash, ReadOnlySpan<byte> input, Span<byte> destination)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(input);
        incremental.GetHashAndReset(destination);
    }

    private static int HashLength(HashAlgorithmName hash)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        return incremental.HashLengthInBytes;
    }

    private static CryptographicException Failure() => new("The ciphertext is not a valid OAEP encoding.");
}
