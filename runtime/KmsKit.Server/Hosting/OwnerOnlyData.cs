using System;
using System.IO;
using System.Runtime.InteropServices;

namespace KmsKit.Server.Hosting;

/// <summary>
/// Keeps the server's data from other local users: every file and folder the process creates (the store and its
/// -wal, -shm and -changes files, the token's objects written by SoftHSM2) is owner-only, and the data folder is 0700.
/// </summary>
internal static class OwnerOnlyData
{
    private const uint GroupAndOthers = 0b000_111_111;

    public static void Apply(string? dataFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = SetUmask(GroupAndOthers);
        // A folder made by an older version (0755) closes too: nothing under it is reachable by others then.
        if (dataFolder is not null && Directory.Exists(dataFolder))
        {
            File.SetUnixFileMode(dataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
}
