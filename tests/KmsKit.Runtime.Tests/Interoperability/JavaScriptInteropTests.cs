using System.Security.Cryptography;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests.Interoperability;

/// <summary>Messages from KmsKit decrypt in the JavaScript ESDK and messages from there decrypt here (raw AES keyring).</summary>
public sealed class JavaScriptInteropTests
{
    private const int FrameLength = 4096;
    private const string KeyNamespace = "kmskit-interop";
    private const string KeyName = "aes-256-key";

    private static IReadOnlyList<JavaScriptEsdk.Case> Cases() =>
        (from suite in new ushort[] { 0x0478, 0x0578 }
         from context in new[] { new Dictionary<string, string>(), TestKeys.Context("purpose", "interop", "ключ", "значение") }
         from length in new[] { 0, 1, FrameLength, (3 * FrameLength) + 17 }
         select new JavaScriptEsdk.Case(suite, FrameLength, context, RandomNumberGenerator.GetBytes(length))).ToList();

    [Fact]
    public async Task KmsKit_messages_decrypt_in_the_JavaScript_ESDK()
    {
        var key = TestKeys.NewAesKey();
        var keyring = new RawAesKeyring(KeyNamespace, KeyName, key);
        var cases = Cases();
        var messages = new List<JavaScriptEsdk.Case>();
        foreach (var c in cases)
        {
            var message = await TestKeys.Client(c.Suite, c.FrameLength).EncryptAsync(c.Data, keyring, c.Context);
            messages.Add(c with { Data = message });
        }

        var results = await JavaScriptEsdk.RunAsync("decrypt", key, KeyNamespace, KeyName, messages);

        Assert.Equal(cases.Count, results.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Data, results[i].Data);
            Assert.Equal(cases[i].Suite, results[i].Suite);
            Assert.All(cases[i].Context, pair => Assert.Equal(pair.Value, results[i].Context[pair.Key]));
        }
    }

    [Fact]
    public async Task JavaScript_ESDK_messages_decrypt_in_KmsKit()
    {
        var key = TestKeys.NewAesKey();
        var keyring = new RawAesKeyring(KeyNamespace, KeyName, key);
        var cases = Cases();

        var messages = await JavaScriptEsdk.RunAsync("encrypt", key, KeyNamespace, KeyName, cases);

        Assert.Equal(cases.Count, messages.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var result = await new EncryptionClient().DecryptAsync(messages[i].Data, keyring, cases[i].Context);
            Assert.Equal(cases[i].Data, result.Plaintext);
            Assert.Equal(cases[i].Suite, result.Info.Suite.Id);
        }
    }
}
