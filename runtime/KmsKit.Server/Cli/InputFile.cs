using System.IO;

namespace KmsKit.Server.Cli;

/// <summary>Files the tool reads (the message input, a raw key file).</summary>
internal static class InputFile
{
    /// <summary>Refuses a folder given as <paramref name="what"/>: FileStream would call it "access denied".</summary>
    public static void RefuseFolder(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{what} '{path}' is a folder.");
        }
    }
}
