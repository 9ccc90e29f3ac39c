using System.CommandLine;
using System.Globalization;

namespace KmsKit.Server.Cli;

/// <summary>Range checks of whole-number options.</summary>
internal static class WholeNumberOption
{
    /// <summary>
    /// Refuses a value outside [<paramref name="min"/>, <paramref name="max"/>] with <paramref name="error"/>. A value
    /// that is not a whole number is the parser's to report: reading it here would throw.
    /// </summary>
    public static void AddRange(this Option<int> option, int min, int max, string error) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(error);
            }
        });
}
