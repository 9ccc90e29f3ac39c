using System.Globalization;

namespace KmsKit.Benchmarks;

/// <summary>The <c>--name value</c> options of the modes that are not BenchmarkDotNet benchmarks.</summary>
internal static class ModeOptions
{
    public static int Get(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : at >= 0 ? throw new ArgumentException($"{name} takes a positive whole number.") : fallback;
    }

    /// <summary>Whether the flag <paramref name="name"/> (no value) is given.</summary>
    public static bool Has(string[] args, string name) => Array.IndexOf(args, name) >= 0;
}
