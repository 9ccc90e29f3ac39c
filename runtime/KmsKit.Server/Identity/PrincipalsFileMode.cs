using System;
using System.IO;

namespace KmsKit.Server.Identity;

/// <summary>
/// The principals file holds every secret access key and decides who is whom: group or others must not be able to
/// read it (they would sign as anyone in it) nor write it (they would add themselves as the account root).
/// </summary>
internal static class PrincipalsFileMode
{
    private const UnixFileMode Readable = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Writable = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> for a file others may write, and for one they may read unless
    /// <paramref name="acceptReadable"/>, which only warns then.
    /// </summary>
    public static void Check(string path, bool acceptReadable, Action<string> warn)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        if ((mode & Writable) != 0)
        {
            // No flag accepts this one: --allow-readable-principals accepts a file others may read, not rewrite.
            throw new InvalidDataException($"{path} is writable by group or others (mode {octal}): anyone who can write it can add an access key of their own; chmod 600 it.");
        }

        if ((mode & Readable) == 0)
        {
            return;
        }

        if (!acceptReadable)
        {
            throw new InvalidDataException($"{path} is readable by group or others (mode {octal}): chmod 600 it, or accept it with --allow-readable-principals.");
        }

        warn($"warning: {path} is readable by group or others (mode {octal}); accepted by --allow-readable-principals.");
    }
}
