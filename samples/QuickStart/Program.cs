using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime;
using KmsKit.Runtime.Encryptors;
using Microsoft.Extensions.DependencyInjection;

// The quick start: a KMS key in a local SoftHSM2 token (the embedded default), and an order encrypted by the
// encryptor the KmsKit generator writes for it (see Order below). Over AWS, register AmazonKeyManagementServiceClient instead of the engine.
var folder = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(".kmskit", "quickstart"));
using var kms = Pkcs11Kms.OpenEmbedded(folder);
Console.WriteLine($"KMS engine open on the SoftHSM2 token in {folder}");

var keyArn = await KeyFor(kms, "alias/quickstart");

// The key is named in the attribute ("orders") and chosen here, so each environment brings its own.
var services = new ServiceCollection()
    .AddSingleton<IAmazonKeyManagementService>(kms)
    .AddKmsKitEncryptors(keys => keys.Keys["orders"] = keyArn);
using var provider = services.BuildServiceProvider();
var encryptor = provider.GetRequiredService<Order.Encryptor>();

var order = new Order("ord-1042", "acme", "Ada Lovelace", "4111 1111 1111 1111", 129.90m);
var encrypted = await encryptor.EncryptAsync(order);
Console.WriteLine($"Encrypted order {encrypted.Id}: card number and total sealed in a {encrypted.Ciphertext.Length}-byte message (suite 0x0578, signed)");
Console.WriteLine($"  readable: Id={encrypted.Id} (signed), Tenant={encrypted.Tenant} (encryption context), Customer={encrypted.Customer}; "
    + $"card in the ciphertext: {Encoding.UTF8.GetString(encrypted.Ciphertext).Contains("4111", StringComparison.Ordinal)}");

var decrypted = await encryptor.DecryptAsync(encrypted);
Console.WriteLine($"Decrypted: card {decrypted.CardNumber[^4..]} (last 4), total {decrypted.Total}: equal to the original: {decrypted == order}");

foreach (var (what, forged) in new[] { ("Moved to another tenant", encrypted with { Tenant = "globex" }), ("Signed id changed", encrypted with { Id = "ord-1043" }) })
{
    try
    {
        await encryptor.DecryptAsync(forged);
        Console.WriteLine($"{what}: decrypted, which must not happen");
        return 1;
    }
    catch (EncryptionSdkException error)
    {
        Console.WriteLine($"{what}: refused ({error.Message})");
    }
}

return decrypted == order ? 0 : 1;

// The key behind the alias, created on the first run.
static async Task<string> KeyFor(IAmazonKeyManagementService kms, string alias)
{
    try
    {
        var existing = await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias });
        Console.WriteLine($"Using key {existing.KeyMetadata.KeyId} ({alias})");
        return existing.KeyMetadata.Arn;
    }
    catch (NotFoundException)
    {
        var created = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "KmsKit quick start" });
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = created.KeyMetadata.KeyId });
        Console.WriteLine($"Created key {created.KeyMetadata.KeyId} ({alias})");
        return created.KeyMetadata.Arn;
    }
}

/// <summary>An order whose card number and total are encrypted; its id is signed and its tenant bound as encryption context.</summary>
[KmsEncrypted(KeyName = "orders")]
internal sealed partial record Order(
    [property: SignOnly] string Id,
    [property: EncryptionContext("tenant")] string Tenant,
    string Customer,
    [property: Encrypt] string CardNumber,
    [property: Encrypt] decimal Total);
