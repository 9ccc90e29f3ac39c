using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests;

/// <summary>Fresh wrapping keys and keyrings for tests.</summary>
internal static class TestKeys
{
    public const string Namespace = "kmskit-tests";

    public static byte[] NewAesKey() => RandomNumberGenerator.GetBytes(32);

    public static RawAesKeyring AesKeyring(byte[]? key = null, string name = "aes-key") => new(Namespace, name, key ?? NewAesKey());

    public static Dictionary<string, string> Context(params string[] pairs)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            context.Add(pairs[i], pairs[i + 1]);
        }

        return context;
    }

    public static EncryptionClient Client(ushort suite, int frameLength = 4096) => new(new EncryptionClientOptions
    {
        Suite = AlgorithmSuite.FromId(suite)!,
        FrameLength = frameLength,
    });
}
