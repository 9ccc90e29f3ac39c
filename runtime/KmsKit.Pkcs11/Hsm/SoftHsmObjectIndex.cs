using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// SoftHSM 2.6 (file store) re-reads a token directory only when the token's "generation" counter differs
/// from the one it last saw, and a process that writes the token adopts the counter on disk as its own, so it
/// can miss objects another process created just before (Generation::commit). Bumping the counter on disk
/// makes every process re-read the directory on its next object search: the engine does that when metadata
/// says an object must exist and the search did not find it.
/// </summary>
internal static class SoftHsmObjectIndex
{
    public static void Invalidate(string tokenDirectory)
    {
        foreach (var token in Directory.EnumerateDirectories(tokenDirectory))
        {
            var generation = Path.Combine(token, "generation");
            if (File.Exists(generation))
            {
                Bump(generation);
            }
        }
    }

    private static void Bump(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        LockWithRetry(file);
        Span<byte> value = stackalloc byte[8];
        var next = file.Read(value) == 8 ? BinaryPrimitives.ReadUInt64BigEndian(value) + 1 : 1;
        BinaryPrimitives.WriteUInt64BigEndian(value, next == 0 ? 1 : next);
        file.Position = 0;
        file.Write(value);
        file.Flush(flushToDisk: true);
    }

    // SoftHSM holds an fcntl lock on the file while it reads or commits: wait for it briefly.
    private static void LockWithRetry(FileStream file)
    {
        if (OperatingSystem.IsMacOS())
        {
            return; // No record locks there through .NET; a rare lost bump only delays the re-read.
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                file.Lock(0, 8);
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(2);
            }
        }
    }
}
