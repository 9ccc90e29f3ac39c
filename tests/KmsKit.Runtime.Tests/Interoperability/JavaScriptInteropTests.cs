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

        var results = await JavaScriptEsdk.RunAsync("decrypt", new(KeyNamespace, KeyName, key), messages);

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

        var messages = await JavaScriptEsdk.RunAsync("encrypt", new(KeyNamespace, KeyName, key), cases);

        Assert.Equal(cases.Count, messages.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var result = await new EncryptionClient().DecryptAsync(messages[i].Data, keyring, cases[i].Context);
            Assert.Equal(cases[i].Data, result.Plaintext);
            Assert.Equal(cases[i].Suite, result.Info.Suite.Id);
        }
    }

    [Fact]
    public async Task Raw_RSA_OAEP_SHA256_messages_cross_both_ways()
    {
        using var rsa = RSA.Create(2048);
        var keyring = new RawRsaKeyring(KeyNamespace, "rsa-key", rsa, RsaPaddingScheme.OaepSha256);
        var jsKey = new JavaScriptEsdk.WrappingKey(KeyNamespace, "rsa-key", RsaPrivateKeyPem: rsa.ExportPkcs8PrivateKeyPem(), RsaPublicKeyPem: rsa.ExportSubjectPublicKeyInfoPem(), OaepHash: "sha256");
        var cases = new[] { 0, 5000 }.Select(length => new JavaScriptEsdk.Case(0x0578, FrameLength, TestKeys.Context("rsa", "yes"), RandomNumberGenerator.GetBytes(length))).ToList();

        var fromJs = await JavaScriptEsdk.RunAsync("encrypt", jsKey, cases);
        var toJs = new List<JavaScriptEsdk.Case>();
        foreach (var c in cases)
        {
            toJs.Add(c with { Data = await new EncryptionClient().EncryptAsync(c.Data, keyring, c.Context) });
        }

        var decryptedByJs = await JavaScriptEsdk.RunAsync("decrypt", jsKey, toJs);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Data, (await new EncryptionClient().DecryptAsync(fromJs[i].Data, keyring, cases[i].Context)).Plaintext);
            Assert.Equal(cases[i].Data, decryptedByJs[i].Data);
        }
    }
}
