using System;
using System.IO;

namespace KmsKit.Server.Identity;

/// <summary>The principals file holds every secret access key: group or others must not be able to read it.</summary>
internal static class PrincipalsFileMode
{
    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Throws an <see cref="InvalidDataException"/> for a shared file, or only warns when it is accepted.</summary>
    public static void Check(string path, bool acceptShared, Action<string> warn)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & Shared) == 0)
        {
            return;
        }

        var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        if (!acceptShared)
        {
            throw new InvalidDataException($"{path} is readable by group or others (mode {octal}): chmod 600 it, or accept it with --allow-readable-principals.");
        }

        warn($"warning: {path} is readable by group or others (mode {octal}); accepted by --allow-readable-principals.");
    }
}
