using System.Globalization;
using KmsKit.Runtime.Encryptors;

namespace KmsKit.Generators.Tests.Runtime;

/// <summary>The text of context members is the same in every culture, so any process reproduces the context.</summary>
public sealed class EncryptionContextValueTests
{
    [Fact]
    public void Values_are_culture_invariant()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");

            Assert.Equal("-1234567", EncryptionContextValue.Of(-1234567, "n"));
            Assert.Equal("18446744073709551615", EncryptionContextValue.Of(ulong.MaxValue, "n"));
            Assert.Equal("2024-05-01T10:30:00.0000000+02:00", EncryptionContextValue.Of(new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2)), "at"));
            Assert.Equal("2024-05-01T10:30:00.0000000Z", EncryptionContextValue.Of(new DateTime(2024, 5, 1, 10, 30, 0, DateTimeKind.Utc), "at"));
            Assert.Equal("true", EncryptionContextValue.Of(true, "b"));
            Assert.Equal("Enterprise", EncryptionContextValue.OfEnum(EndToEnd.Plan.Enterprise, "plan"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_null_string_member_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => EncryptionContextValue.Of((string?)null, "Tenant"));

        Assert.Equal("Tenant", error.ParamName);
    }
}
