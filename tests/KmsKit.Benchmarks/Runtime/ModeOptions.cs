using System.Globalization;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>The <c>--name value</c> options of the runtime's modes.</summary>
internal static class ModeOptions
{
    public static int Get(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
