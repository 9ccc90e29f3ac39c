using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Audit;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests.Audit;

[Collection(EngineCollection.Name)]
public sealed class AuditSecrecyTests(EngineFixture fixture)
{
    private const int Calls = 1000;

    [Fact]
    public async Task No_plaintext_data_key_or_ciphertext_of_a_thousand_calls_each_appears_in_the_log_raw_base64_or_hex()
    {
        // A small file size: the secrets are looked for in rotated files too.
        using var engine = new AuditedEngine(fixture, options => options.MaxFileBytes = 256 * 1024);
        var key = await Create(engine.Kms);
        var secrets = new List<byte[]>();
        for (var i = 0; i < Calls; i++)
        {
            var plaintext = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(16, 513));
            var encrypted = await engine.Kms.EncryptAsync(new EncryptRequest
            {
                KeyId = key.KeyId,
                Plaintext = new MemoryStream(plaintext),
                EncryptionContext = new Dictionary<string, string> { ["call"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
            var blob = encrypted.CiphertextBlob.ToArray();
            var decrypted = await engine.Kms.DecryptAsync(new DecryptRequest
            {
                CiphertextBlob = new MemoryStream(blob),
                EncryptionContext = new Dictionary<string, string> { ["call"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
            Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
            var dataKey = await engine.Kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 });
            secrets.Add(plaintext);
            secrets.Add(blob);
            secrets.Add(dataKey.Plaintext.ToArray());
            secrets.Add(dataKey.CiphertextBlob.ToArray());
        }

        var events = await engine.FlushedEvents();
        Assert.Equal(1 + 3 * Calls, events.Count);
        engine.Dispose();
        Assert.True(engine.LogFiles.Length > 1, "the log was to rotate");

        var needles = new Needles();
        foreach (var secret in secrets)
        {
            needles.Add(secret);
            needles.Add(Encoding.ASCII.GetBytes(Convert.ToBase64String(secret)));
            needles.Add(Encoding.ASCII.GetBytes(Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
            needles.Add(Encoding.ASCII.GetBytes(Convert.ToHexString(secret)));
            needles.Add(Encoding.ASCII.GetBytes(Convert.ToHexString(secret).ToLowerInvariant()));
        }

        foreach (var file in engine.LogFiles)
        {
            Assert.Null(needles.FirstFoundIn(File.ReadAllBytes(file)));
        }

        Assert.Null(needles.FirstFoundIn(Encoding.UTF8.GetBytes(string.Join('\n', events.Select(e => e.Json)))));
        Assert.True(AuditLogVerifier.Verify(engine.LogFiles.Select(AuditLogFile.Read).ToList()).Intact);
        engine.Delete();
    }

    /// <summary>
    /// Finds any of many byte strings in a text in one pass: each needle is known by its first 16 bytes (128 bits: a
    /// chance match is out of the question), which are looked up at every offset.
    /// </summary>
    private sealed class Needles
    {
        private const int Prefix = 16;
        private readonly Dictionary<UInt128, List<byte[]>> _byPrefix = [];

        public void Add(byte[] needle)
        {
            Assert.True(needle.Length >= Prefix);
            var prefix = Read(needle);
            if (!_byPrefix.TryGetValue(prefix, out var list))
            {
                _byPrefix[prefix] = list = [];
            }

            list.Add(needle);
        }

        public string? FirstFoundIn(byte[] text)
        {
            for (var at = 0; at + Prefix <= text.Length; at++)
            {
                if (_byPrefix.TryGetValue(Read(text.AsSpan(at)), out var candidates))
                {
                    foreach (var needle in candidates)
                    {
                        if (text.AsSpan(at).StartsWith(needle))
                        {
                            return $"a secret of {needle.Length} bytes at offset {at}";
                        }
                    }
                }
            }

            return null;
        }

        private static UInt128 Read(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
