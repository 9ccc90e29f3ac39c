using System.Globalization;

namespace KmsKit.Runtime.Encryptors;

/// <summary>
/// The text of an encryption context member, culture-invariant so that every process writes the same pair.
/// Generated encryptors call these; the overloads are the member types an encryption context accepts.
/// </summary>
public static class EncryptionContextValue
{
    /// <summary>A string member; null is refused (a context pair needs a value).</summary>
    public static string Of(string? value, string member) =>
        value ?? throw new ArgumentException($"The encryption context member '{member}' is null; a context pair needs a value.", member);

    /// <summary>A Guid member, in its 'D' form.</summary>
    public static string Of(Guid value, string member) => value.ToString("D");

    /// <summary>A bool member: "true" or "false".</summary>
    public static string Of(bool value, string member) => value ? "true" : "false";

    /// <summary>An integer member.</summary>
    public static string Of(long value, string member) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer member.</summary>
    public static string Of(ulong value, string member) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A DateTime member, round-trip ('O') form.</summary>
    public static string Of(DateTime value, string member) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A DateTimeOffset member, round-trip ('O') form.</summary>
    public static string Of(DateTimeOffset value, string member) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>An enum member, by name (numbers for values without a name).</summary>
    public static string OfEnum<TEnum>(TEnum value, string member)
        where TEnum : struct, Enum => value.ToString();
}
