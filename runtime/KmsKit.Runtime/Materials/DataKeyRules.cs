using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Materials;

/// <summary>The rule both kinds of materials keep: a data key is set once and has the suite's length.</summary>
internal static class DataKeyRules
{
    public static byte[] CheckNew(AlgorithmSuite suite, byte[]? current, byte[] dataKey)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        if (current is not null)
        {
            throw new InvalidOperationException("The materials already hold a data key.");
        }

        return dataKey.Length == suite.KeyLength
            ? dataKey
            : throw new EncryptionSdkException($"A data key of {dataKey.Length} bytes does not fit suite {suite} ({suite.KeyLength} bytes).");
    }
}
