using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Tests.Format;

public sealed class EncryptionContextSerializerTests
{
    [Fact]
    public void Entries_are_sorted_by_the_utf8_bytes_of_the_key()
    {
        // 'é' (0xC3 0xA9) sorts after 'z' in UTF-8 bytes although UTF-16 ordinal order agrees; 'Z' before 'a'.
        var serialized = EncryptionContextSerializer.Serialize(TestKeys.Context("é", "1", "a", "2", "Z", "3"));

        Assert.Equal(
            [0, 3, 0, 1, (byte)'Z', 0, 1, (byte)'3', 0, 1, (byte)'a', 0, 1, (byte)'2', 0, 2, 0xC3, 0xA9, 0, 1, (byte)'1'],
            serialized);
        Assert.Equal(TestKeys.Context("é", "1", "a", "2", "Z", "3"), EncryptionContextSerializer.Deserialize(serialized));
        Assert.Empty(EncryptionContextSerializer.Serialize(TestKeys.Context()));
    }

    [Theory]
    [InlineData(new byte[] { 0, 2, 0, 1, 97, 0, 0, 0, 1, 97, 0, 0 })]
    [InlineData(new byte[] { 0, 1, 0, 1, 0xFF, 0, 0 })]
    [InlineData(new byte[] { 0, 1, 0, 5, 97 })]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 0, 1, 0, 1, 97, 0, 0, 7 })]
    public void Duplicates_bad_utf8_short_fields_and_leftovers_are_rejected(byte[] serialized) =>
        Assert.Throws<EncryptionSdkException>(() => EncryptionContextSerializer.Deserialize(serialized));
}
