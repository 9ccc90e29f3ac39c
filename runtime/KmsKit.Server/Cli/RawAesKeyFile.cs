using System;
using System.IO;
using System.Security.Cryptography;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Server.Cli;

/// <summary>A raw AES keyring whose wrapping key is read from a file of exactly 32 bytes (AES-256, raw bytes).</summary>
internal static class RawAesKeyFile
{
    private const int KeyLength = 32;

    public static RawAesKeyring Open(string path, string keyNamespace, string keyName)
    {
        InputFile.RefuseFolder(path, "The raw AES key file");

        // One byte more than a key, to tell a longer file from a key-sized one without reading all of it.
        var key = new byte[KeyLength + 1];
        try
        {
            int read;
            long length;
            // No FileStream buffer: the key bytes land only in the array zeroed below.
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0))
            {
                read = file.ReadAtLeast(key, key.Length, throwOnEndOfStream: false);
                length = file.CanSeek ? file.Length : read;
            }

            return read == KeyLength
                ? new RawAesKeyring(keyNamespace, keyName, key.AsSpan(0, KeyLength))
                : throw new InvalidDataException($"The raw AES key file '{path}' has {(read > KeyLength ? length : read)} bytes; it must hold exactly {KeyLength} (an AES-256 key as raw bytes, not hex or base64).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
