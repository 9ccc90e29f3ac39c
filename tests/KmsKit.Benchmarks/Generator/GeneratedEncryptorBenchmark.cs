using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.KeyManagementService.Model;
using BenchmarkDotNet.Attributes;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime;
using KmsKit.Runtime.Encryptors;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;

namespace KmsKit.Benchmarks.Generator;

/// <summary>
/// Issue 5's target: a generated encryptor costs under 5% more than the same work written by hand on the runtime
/// (serialize the secret members, bind type, schema, tenant and a digest of the signed id in the encryption
/// context, encrypt, then decrypt and rebuild the record), both through the KMS engine over SoftHSM2.
/// </summary>
[MemoryDiagnoser]
public class GeneratedEncryptorBenchmark
{
    private readonly Invoice _invoice = new("inv-2024-0042", "acme", "Ada Lovelace", "DE89 3704 0044 0532 0130 00", 1234.56m);
    private string _folder = string.Empty;
    private Pkcs11Kms _kms = null!;
    private Invoice.Encryptor _generated = null!;
    private EncryptionClient _client = null!;
    private ICryptographicMaterialsManager _materials = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("kmskit-bench-generator-").FullName;
        _kms = Pkcs11Kms.OpenEmbedded(_folder);
        var arn = _kms.CreateKeyAsync(new CreateKeyRequest { Description = "generator benchmark" }).GetAwaiter().GetResult().KeyMetadata.Arn;
        _client = new EncryptionClient();
        _materials = new DefaultCryptographicMaterialsManager(new AwsKmsKeyring(_kms, arn));
        var keys = new EncryptorKeyOptions();
        keys.Keys["invoices"] = arn;
        _generated = new Invoice.Encryptor(new EncryptorClient(_kms, _client, keys));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kms.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<Invoice> HandWritten()
    {
        var (ciphertext, iban, amount) = await HandWrittenEncryptAsync(_invoice);
        return await HandWrittenDecryptAsync(_invoice with { Iban = iban, Amount = amount }, ciphertext);
    }

    [Benchmark]
    public async Task<Invoice> Generated() => await _generated.DecryptAsync(await _generated.EncryptAsync(_invoice));

    private async Task<(byte[] Ciphertext, string Iban, decimal Amount)> HandWrittenEncryptAsync(Invoice invoice)
    {
        var secret = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(secret))
        {
            writer.WriteStartObject();
            writer.WriteString("Iban", invoice.Iban);
            writer.WriteNumber("Amount", invoice.Amount);
            writer.WriteEndObject();
        }

        try
        {
            return (await _client.EncryptAsync(secret.WrittenMemory, _materials, Context(invoice)), string.Empty, 0m);
        }
        finally
        {
            secret.Clear();
        }
    }

    private async Task<Invoice> HandWrittenDecryptAsync(Invoice kept, byte[] ciphertext)
    {
        var result = await _client.DecryptAsync(ciphertext, _materials, Context(kept));
        try
        {
            var reader = new Utf8JsonReader(result.Plaintext);
            string iban = string.Empty;
            decimal amount = 0;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "Iban")
                {
                    iban = reader.GetString()!;
                }
                else if (name == "Amount")
                {
                    amount = reader.GetDecimal();
                }
            }

            return kept with { Iban = iban, Amount = amount };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(result.Plaintext);
        }
    }

    private static Dictionary<string, string> Context(Invoice invoice)
    {
        var signed = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(signed))
        {
            writer.WriteStartObject();
            writer.WriteString("Id", invoice.Id);
            writer.WriteEndObject();
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kmskit:type"] = "KmsKit.Benchmarks.Generator.Invoice",
            ["kmskit:schema"] = 1.ToString(CultureInfo.InvariantCulture),
            ["tenant"] = invoice.Tenant,
            ["kmskit:signed"] = Convert.ToBase64String(SHA256.HashData(signed.WrittenSpan)),
        };
    }
}

/// <summary>The benchmarked record: IBAN and amount encrypted, id signed, tenant as encryption context.</summary>
[KmsEncrypted(KeyName = "invoices")]
public sealed partial record Invoice(
    [property: SignOnly] string Id,
    [property: EncryptionContext("tenant")] string Tenant,
    string Customer,
    [property: Encrypt] string Iban,
    [property: Encrypt] decimal Amount);
