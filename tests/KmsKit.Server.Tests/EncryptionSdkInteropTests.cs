using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// Messages cross between the JavaScript Encryption SDK's KMS keyring and KmsKit's runtime, both calling KMS through
/// the server (interop/esdk-crossover.mjs): what one encrypts, the other decrypts, with the same key and context.
/// The same with the <c>kmskit encrypt|decrypt</c> tool in place of the runtime.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class EncryptionSdkInteropTests(ServerFixture fixture) : IDisposable
{
    private static readonly string Interop = Repository.PathOf("tests", "KmsKit.Server.Tests", "interop");
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme", ["purpose"] = "orders" };

    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    public static TheoryData<int, int> Sizes => new()
    {
        { 0, 4096 },
        { 1, 4096 },
        { 4096, 4096 },
        { 10_000, 4096 },
        { 10_000, 1024 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_message_from_the_javascript_sdk_decrypts_with_the_runtime(int size, int frameLength)
    {
        var keyArn = await NewKey();
        var plaintext = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        var output = await RunNode(keyArn, "encrypt", Convert.ToBase64String(plaintext), frameLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var message = Convert.FromBase64String(output.GetProperty("message").GetString()!);
        var decrypted = await new EncryptionClient().DecryptAsync(message, new AwsKmsKeyring(_kms, keyArn), Context);

        Assert.Equal(plaintext, decrypted.Plaintext);
        Assert.Equal(0x0578, decrypted.Info.Suite.Id);
    }

    [Theory]
    [InlineData(0x0478, 0)]
    [InlineData(0x0478, 1)]
    [InlineData(0x0578, 4096)]
    [InlineData(0x0578, 10_000)]
    public async Task A_message_from_the_runtime_decrypts_with_the_javascript_sdk(int suiteId, int size)
    {
        var keyArn = await NewKey();
        var plaintext = Enumerable.Range(0, size).Select(i => (byte)(i * 13)).ToArray();
        var suite = AlgorithmSuite.All.Single(s => s.Id == suiteId);
        var client = new EncryptionClient(new EncryptionClientOptions { Suite = suite });

        var message = await client.EncryptAsync(plaintext, new AwsKmsKeyring(_kms, keyArn), Context);
        var output = await RunNode(keyArn, "decrypt", Convert.ToBase64String(message));

        Assert.Equal(plaintext, Convert.FromBase64String(output.GetProperty("plaintext").GetString()!));
        Assert.Equal(suiteId, output.GetProperty("suite").GetInt32());
        Assert.Equal("acme", output.GetProperty("context").GetProperty("tenant").GetString());
    }

    [Theory]
    [InlineData("0478")]
    [InlineData("0578")]
    public async Task Messages_of_kmskit_encrypt_and_the_javascript_sdk_cross_over(string suite)
    {
        var keyArn = await NewKey();
        var plaintext = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 11)).ToArray();
        string[] key = ["--key-id", keyArn, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1"];
        string[] context = ["--encryption-context", .. Context.Select(pair => $"{pair.Key}={pair.Value}")];

        var (encrypted, message, encryptError) = await KmsKitTool.RunAsync(plaintext, ["encrypt", "--suite", suite, .. key, .. context]);
        var byJavaScript = await RunNode(keyArn, "decrypt", Convert.ToBase64String(message));
        var fromJavaScript = Convert.FromBase64String((await RunNode(keyArn, "encrypt", Convert.ToBase64String(plaintext))).GetProperty("message").GetString()!);
        var (decrypted, byKmskit, decryptError) = await KmsKitTool.RunAsync(fromJavaScript, ["decrypt", .. key, .. context]);

        Assert.True(encrypted == 0, encryptError);
        Assert.Equal(plaintext, Convert.FromBase64String(byJavaScript.GetProperty("plaintext").GetString()!));
        Assert.Equal(Convert.ToInt32(suite, 16), byJavaScript.GetProperty("suite").GetInt32());
        Assert.True(decrypted == 0, decryptError);
        Assert.Equal(plaintext, byKmskit);
    }

    [Fact]
    public async Task The_runtime_refuses_a_javascript_message_under_another_context()
    {
        var keyArn = await NewKey();
        var output = await RunNode(keyArn, "encrypt", Convert.ToBase64String([1, 2, 3]));
        var message = Convert.FromBase64String(output.GetProperty("message").GetString()!);

        await Assert.ThrowsAsync<EncryptionSdkException>(() => new EncryptionClient().DecryptAsync(
            message, new AwsKmsKeyring(_kms, keyArn), new Dictionary<string, string> { ["tenant"] = "globex" }));
    }

    public void Dispose() => _kms.Dispose();

    private async Task<string> NewKey() =>
        (await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "Encryption SDK interop" })).KeyMetadata.Arn;

    private async Task<JsonElement> RunNode(string keyArn, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(Interop, "node_modules", "@aws-crypto", "client-node")))
        {
            throw new InvalidOperationException($"The JavaScript packages are not installed in {Interop}: run 'npm ci' there ('./build.sh test' does).");
        }

        var start = ChildProcess.StartInfo("node", ["esdk-crossover.mjs", fixture.Server.Url, keyArn, .. arguments]);
        start.WorkingDirectory = Interop;
        start.Environment["KMSKIT_CONTEXT"] = JsonSerializer.Serialize(Context);
        var (exitCode, output, error) = await ChildProcess.RunAsync(start, "apt-get install nodejs");
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
