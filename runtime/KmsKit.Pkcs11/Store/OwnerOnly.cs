using System;
using System.IO;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// Creates the data folder's files (0600) and folders (0700) readable by their owner only: the store names key
/// ids, aliases, tags and import tokens, and the token holds the key material. Existing paths keep their mode.
/// </summary>
internal static class OwnerOnly
{
    private const UnixFileMode FileBits = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderBits = FileBits | UnixFileMode.UserExecute;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderBits);
        }
    }

    /// <summary>Opens the file, creating it owner-only if missing (SQLite gives its -wal and -shm the database's mode).</summary>
    public static FileStream OpenOrCreate(string path, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileBits;
        }

        return new FileStream(path, options);
    }
}
