using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime;
using KmsKit.Runtime.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

// The quick start: a KMS key in a local SoftHSM2 token (the embedded default), and a record encrypted under it
// in the AWS Encryption SDK message format. Over AWS, register AmazonKeyManagementServiceClient instead of the engine.
var folder = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(".kmskit", "quickstart"));
using var kms = Pkcs11Kms.OpenEmbedded(folder);
Console.WriteLine($"KMS engine open on the SoftHSM2 token in {folder}");

var keyArn = await KeyFor(kms, "alias/quickstart");

var services = new ServiceCollection()
    .AddSingleton<IAmazonKeyManagementService>(kms)
    .AddKmsKit(options => options.GeneratorKeyId = keyArn);
using var provider = services.BuildServiceProvider();
var envelope = provider.GetRequiredService<KmsEnvelope>();

var order = new Order("ord-1042", "Ada Lovelace", "4111 1111 1111 1111", 129.90m);
var context = new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "orders" };
var plaintext = JsonSerializer.SerializeToUtf8Bytes(order);
var message = await envelope.EncryptAsync(plaintext, context);
Console.WriteLine($"Encrypted order {order.Id}: {plaintext.Length} bytes of JSON became a {message.Length}-byte message (suite 0x0578, signed)");
Console.WriteLine($"  sealed: {Convert.ToBase64String(message, 0, 48)}... (no card number in sight: {!Encoding.UTF8.GetString(message).Contains("4111", StringComparison.Ordinal)})");

var result = await envelope.DecryptAsync(message, context);
var decrypted = JsonSerializer.Deserialize<Order>(result.Plaintext);
Console.WriteLine($"Decrypted with context {string.Join(", ", result.Info.EncryptionContext.Where(e => !e.Key.StartsWith("aws-crypto-", StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}"))}: equal to the original: {decrypted == order}");

try
{
    await envelope.DecryptAsync(message, new Dictionary<string, string> { ["tenant"] = "globex", ["purpose"] = "orders" });
    Console.WriteLine("Another tenant's context decrypted the order: this must not happen");
    return 1;
}
catch (EncryptionSdkException error)
{
    Console.WriteLine($"Another tenant's context is refused: {error.Message}");
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

internal sealed record Order(string Id, string Customer, string CardNumber, decimal Total);
