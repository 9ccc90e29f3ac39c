using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// <c>kmskit encrypt|decrypt</c> run as a process: raw AES and KMS keyrings (the KMS of the shared server), files and
/// pipes, and every failure ending with one line on stderr, exit code 1 and nothing in <c>--output</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MessageCommandTests(ServerFixture fixture) : IDisposable
{
    private const string Namespace = "kmskit-tests";
    private const string KeyName = "wrapping-key-1";

    private readonly string _folder = Directory.CreateTempSubdirectory("kmskit-message-").FullName;
    private readonly byte[] _wrappingKey = RandomNumberGenerator.GetBytes(32);
    private readonly AmazonKeyManagementServiceClient _kms = fixture.Server.Client();

    public static TheoryData<string, int, int> SuitesAndSizes => new()
    {
        { "0478", 0, 4096 },
        { "0478", 1, 4096 },
        { "0478", (3 * 4096) + 17, 4096 },
        { "0578", 0, 4096 },
        { "0578", 1, 4096 },
        { "0578", 4096, 4096 },
        { "0578", (3 * 4096) + 17, 4096 },
        { "0578", 10_000, 100 },
    };

    private string KeyFile => WriteFile("key.bin", _wrappingKey);

    [Theory]
    [MemberData(nameof(SuitesAndSizes))]
    public async Task RawAesFilesRoundTrip(string suite, int size, int frameLength)
    {
        var plaintext = WriteFile("plain.bin", Bytes(size));

        await Succeeds(["encrypt", "--input", plaintext, "--output", PathOf("message.bin"), "--suite", suite, "--frame-length", $"{frameLength}", .. RawKey(), "--encryption-context", "tenant=acme", "purpose=orders"]);
        await Succeeds(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("decrypted.bin"), .. RawKey(), "--encryption-context", "tenant=acme"]);

        var message = await File.ReadAllBytesAsync(PathOf("message.bin"));
        Assert.Equal(2, message[0]);
        Assert.Equal(Convert.ToUInt16(suite, 16), BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(1)));
        Assert.Equal(Bytes(size), await File.ReadAllBytesAsync(PathOf("decrypted.bin")));
        Assert.Equal(["decrypted.bin", "key.bin", "message.bin", "plain.bin"], FolderContents());
    }

    [Theory]
    [InlineData("0478")]
    [InlineData("0578")]
    public async Task StdinToStdoutRoundTrip(string suite)
    {
        var plaintext = Bytes(20_000);

        var message = await Succeeds(plaintext, ["encrypt", "--suite", suite, .. RawKey()]);
        var decrypted = await Succeeds(message, ["decrypt", "--input", "-", "--output", "-", .. RawKey()]);

        Assert.Equal(plaintext, decrypted);
        Assert.Equal(Convert.ToUInt16(suite, 16), BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(1)));
    }

    [Theory]
    [InlineData("0478", 0)]
    [InlineData("0578", 1)]
    [InlineData("0578", 10_000)]
    public async Task KmsKeyRoundTripThroughTheServer(string suite, int size)
    {
        var (arn, alias) = await NewKey();
        var plaintext = WriteFile("plain.bin", Bytes(size));

        await Succeeds(["encrypt", "--input", plaintext, "--output", PathOf("message.bin"), "--suite", suite, .. Kms(alias), "--encryption-context", "tenant=acme"]);
        await Succeeds(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("by-alias.bin"), .. Kms(alias)]);
        await Succeeds(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("by-arn.bin"), .. Kms(arn), "--encryption-context", "tenant=acme"]);

        Assert.Equal(Bytes(size), await File.ReadAllBytesAsync(PathOf("by-alias.bin")));
        Assert.Equal(Bytes(size), await File.ReadAllBytesAsync(PathOf("by-arn.bin")));
    }

    /// <summary>The key is made in us-east-1 (each region has its own keys): a request signed for eu-west-1 would not find it.</summary>
    [Theory]
    [InlineData(null, "us-east-1")]
    [InlineData("us-east-1", null)]
    [InlineData("us-east-1", "eu-west-1")]
    public async Task Without_region_or_endpoint_options_the_tool_takes_the_region_from_aws_region_then_aws_default_region_as_the_aws_cli_does(string? awsRegion, string? awsDefaultRegion)
    {
        var (_, alias) = await NewKey();
        var start = KmsKitTool.StartInfo(["encrypt", "--input", WriteFile("plain.bin", Bytes(10)), "--output", PathOf("message.bin"), "--key-id", alias]);
        foreach (var (name, value) in new[] { ("AWS_REGION", awsRegion), ("AWS_DEFAULT_REGION", awsDefaultRegion) })
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["AWS_ENDPOINT_URL_KMS"] = fixture.Server.Url;
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";

        var (exitCode, _, error) = await ChildProcess.RunAsync(start, "the .NET SDK");

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(PathOf("message.bin")));
    }

    [Fact]
    public async Task AMessageFromTheToolDecryptsWithTheRuntime()
    {
        var (arn, _) = await NewKey();
        var plaintext = Bytes(9_000);

        var kmsMessage = await Succeeds(plaintext, ["encrypt", .. Kms(arn), "--encryption-context", "tenant=acme"]);
        var rawMessage = await Succeeds(plaintext, ["encrypt", "--suite", "0478", "--frame-length", "1000", .. RawKey()]);
        var byKms = await new EncryptionClient().DecryptAsync(kmsMessage, new AwsKmsKeyring(_kms, arn), new Dictionary<string, string> { ["tenant"] = "acme" });
        using var keyring = new RawAesKeyring(Namespace, KeyName, _wrappingKey);
        var byRaw = await new EncryptionClient().DecryptAsync(rawMessage, keyring);

        Assert.Equal(plaintext, byKms.Plaintext);
        Assert.Equal("acme", byKms.Info.EncryptionContext["tenant"]);
        Assert.Equal(plaintext, byRaw.Plaintext);
        Assert.Equal(0x0478, byRaw.Info.Suite.Id);
    }

    [Fact]
    public async Task AMessageFromTheRuntimeDecryptsWithTheToolWhichSuppliesItsRequiredContext()
    {
        var plaintext = Bytes(5_000);
        using var keyring = new RawAesKeyring(Namespace, KeyName, _wrappingKey);
        var required = new RequiredEncryptionContextCryptographicMaterialsManager(new DefaultCryptographicMaterialsManager(keyring), ["tenant"]);
        var message = await new EncryptionClient().EncryptAsync(plaintext, required, new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "orders" });
        WriteFile("message.bin", message);

        var decrypted = await Succeeds([], ["decrypt", "--input", PathOf("message.bin"), .. RawKey(), "--encryption-context", "tenant=acme"]);
        await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), .. RawKey(), "--encryption-context", "purpose=orders"]);

        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public async Task OfficialVectorsOfEverySuiteDecrypt()
    {
        // The AWS Encryption SDK's own vectors (../shared/esdk-vectors), one raw AES-256 message per suite,
        // preferring those made with required encryption context keys, which the tool must supply.
        using var zip = ZipFile.OpenRead(Path.Combine(Repository.Shared, "esdk-vectors", "v4-Net-4.0.1.zip"));
        var keys = JsonNode.Parse(ZipEntry(zip, "keys.json"))!["keys"]!;
        var vectors = JsonNode.Parse(ZipEntry(zip, "manifest.json"))!["tests"]!.AsObject()
            .Select(pair => pair.Value!)
            .Where(test => test["master-keys"]!.AsArray() is [{ } only] && (string?)only["encryption-algorithm"] == "aes" && (string?)only["key"] == "aes-256")
            .GroupBy(test => ((string)test["ciphertext"]!)["file://ciphertexts/".Length..][..4])
            .Select(suite => suite.OrderBy(test => (string?)test["cmm"] == "RequiredEncryptionContext" ? 0 : 1).First())
            .ToList();
        var key = WriteFile("vectors.key", Convert.FromBase64String((string)keys["aes-256"]!["material"]!));
        string[] keyring = ["--raw-aes-key", key, "--key-namespace", (string)vectors[0]["master-keys"]![0]!["provider-id"]!, "--key-name", (string)keys["aes-256"]!["key-id"]!];

        foreach (var vector in vectors)
        {
            var message = ZipEntry(zip, (string)vector["ciphertext"]!);
            string[] context = vector["encryption-context"]?.AsObject() is { Count: > 0 } pairs ? ["--encryption-context", .. pairs.Select(pair => $"{pair.Key}={pair.Value}")] : [];
            var plaintext = await Succeeds(message, ["decrypt", .. keyring, .. context, "--commitment-policy", "require-encrypt-allow-decrypt"]);
            Assert.Equal(ZipEntry(zip, (string)vector["result"]!["output"]!["plaintext"]!), plaintext);
        }

        var legacy = ZipEntry(zip, (string)vectors.First(vector => ((string)vector["ciphertext"]!).Contains("/0378-", StringComparison.Ordinal))["ciphertext"]!);
        var (exitCode, output, error) = await KmsKitTool.RunAsync(legacy, ["decrypt", .. keyring]);
        Assert.Equal(11, vectors.Count);
        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal("kmskit decrypt: The message uses suite 0x0378, which does not commit to its key; the commitment policy RequireEncryptRequireDecrypt reads only 0x0478 and 0x0578.", error.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("tenant=globex")]
    [InlineData("region=eu")]
    public async Task ADifferentEncryptionContextReleasesNothing(string context)
    {
        WriteFile("message.bin", await Succeeds(Bytes(100), ["encrypt", .. RawKey(), "--encryption-context", "tenant=acme"]));

        var error = await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), .. RawKey(), "--encryption-context", context]);

        Assert.DoesNotContain(context.Split('=')[1], error);
        Assert.Equal(["key.bin", "message.bin"], FolderContents());
    }

    [Theory]
    [InlineData("0478", "body")]
    [InlineData("0578", "body")]
    [InlineData("0578", "signature")]
    [InlineData("0578", "truncated")]
    [InlineData("0478", "truncated")]
    public async Task ATamperedMessageLeavesTheExistingOutputAlone(string suite, string damage)
    {
        var message = await Succeeds(Bytes(3 * 4096), ["encrypt", "--suite", suite, .. RawKey()]);
        byte[] tampered = damage switch
        {
            "body" => Flip(message, message.Length / 2),
            "signature" => Flip(message, message.Length - 1),
            _ => message[..(message.Length - 200)],
        };
        WriteFile("message.bin", tampered);
        WriteFile("out.bin", "keep me"u8.ToArray());

        await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), .. RawKey()]);

        Assert.Equal("keep me"u8.ToArray(), await File.ReadAllBytesAsync(PathOf("out.bin")));
        Assert.Equal(["key.bin", "message.bin", "out.bin"], FolderContents());
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("last frame")]
    public async Task NoUnverifiedPlaintextReachesStdout(string damage)
    {
        // Frames before the damage authenticate on their own: only the staging keeps them from stdout.
        var message = await Succeeds(Bytes(50_000), ["encrypt", "--frame-length", "1024", .. RawKey()]);
        var tampered = Flip(message, damage == "signature" ? message.Length - 1 : message.Length - 150);

        var (exitCode, output, error) = await KmsKitTool.RunAsync(tampered, ["decrypt", .. RawKey()]);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        AssertOneLine("decrypt", error);
    }

    [Fact]
    public async Task AnotherRawKeyDecryptsNothing()
    {
        WriteFile("message.bin", await Succeeds(Bytes(10), ["encrypt", .. RawKey()]));
        var otherKey = WriteFile("other.bin", RandomNumberGenerator.GetBytes(32));

        var wrongKey = await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), "--raw-aes-key", otherKey, "--key-namespace", Namespace, "--key-name", KeyName]);
        var wrongName = await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), "--raw-aes-key", KeyFile, "--key-namespace", Namespace, "--key-name", "wrapping-key-2"]);

        Assert.False(File.Exists(PathOf("out.bin")));
        Assert.DoesNotContain(Convert.ToHexString(_wrappingKey), wrongKey, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(wrongName);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public async Task AKeyFileOfAnotherSizeIsNamed(int size)
    {
        var key = WriteFile("short.key", RandomNumberGenerator.GetBytes(size));

        var error = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("out.bin"), "--raw-aes-key", key, "--key-namespace", Namespace, "--key-name", KeyName]);

        Assert.Equal($"kmskit encrypt: The raw AES key file '{key}' has {size} bytes; it must hold exactly 32 (an AES-256 key as raw bytes, not hex or base64).", error);
        Assert.False(File.Exists(PathOf("out.bin")));
    }

    [Theory]
    [InlineData("--suite must be 0478 or 0578, not '0178'.", "encrypt", "--suite", "0178")]
    [InlineData("--frame-length must be between 1 and 1073741824.", "encrypt", "--frame-length", "0")]
    [InlineData("Cannot parse argument 'abc' for option '--frame-length' as expected type 'System.Int32'.", "encrypt", "--frame-length", "abc")]
    [InlineData("--encryption-context takes KEY=VALUE pairs; pair 2 has no '='.", "encrypt", "--encryption-context", "a=1", "secret-value")]
    [InlineData("--encryption-context pair 1 has an empty key.", "encrypt", "--encryption-context", "=1")]
    [InlineData("--encryption-context gives the key 'a' more than once.", "decrypt", "--encryption-context", "a=1", "a=2")]
    [InlineData("--commitment-policy must be require-encrypt-require-decrypt or require-encrypt-allow-decrypt, not 'forbid'.", "decrypt", "--commitment-policy", "forbid")]
    [InlineData("--key-id and --raw-aes-key exclude each other: give one key.", "encrypt", "--key-id", "alias/x")]
    [InlineData("Unrecognized command or argument '--suite'.", "decrypt", "--suite", "0578")]
    public async Task BadArgumentsAreRefusedWithTheirReason(string reason, string command, params string[] arguments)
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync([], [command, "--input", WriteFile("plain.bin", [1]), "--output", PathOf("out.bin"), .. RawKey(), .. arguments]);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal($"kmskit {command}: {reason}", error.TrimEnd('\n'));
        Assert.False(File.Exists(PathOf("out.bin")));
    }

    [Theory]
    [InlineData("Give a key: --key-id KEY, or --raw-aes-key FILE with --key-namespace and --key-name.")]
    [InlineData("--raw-aes-key needs --key-namespace and --key-name.", "--raw-aes-key", "key.bin")]
    [InlineData("--key-namespace and --key-name go with --raw-aes-key, not --key-id.", "--key-id", "alias/x", "--key-name", "n")]
    [InlineData("--endpoint-url and --region go with --key-id, not --raw-aes-key.", "--raw-aes-key", "key.bin", "--key-namespace", "n", "--key-name", "n", "--region", "eu-west-1")]
    [InlineData("--key-namespace must not start with 'aws-kms' (reserved for KMS keyrings).", "--raw-aes-key", "key.bin", "--key-namespace", "aws-kms", "--key-name", "n")]
    [InlineData("--endpoint-url must be an http(s) URL, not 'localhost:4599'.", "--key-id", "alias/x", "--endpoint-url", "localhost:4599")]
    public async Task KeySourcesAreOneOrTheOther(string reason, params string[] arguments)
    {
        var (exitCode, _, error) = await KmsKitTool.RunAsync(["decrypt", "--input", WriteFile("message.bin", [1]), .. arguments]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"kmskit decrypt: {reason}", error.TrimEnd('\n'));
    }

    [Fact]
    public async Task MissingFilesAreNamed()
    {
        var missingInput = await Fails(["encrypt", "--input", PathOf("none.bin"), "--output", PathOf("out.bin"), .. RawKey()]);
        var missingFolder = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("no", "out.bin"), .. RawKey()]);
        var missingKey = await Fails(["encrypt", "--input", PathOf("plain.bin"), "--output", PathOf("out.bin"), "--raw-aes-key", PathOf("none.key"), "--key-namespace", Namespace, "--key-name", KeyName]);

        Assert.Contains(PathOf("none.bin"), missingInput);
        Assert.Equal($"kmskit encrypt: The output folder '{PathOf("no")}' does not exist.", missingFolder);
        Assert.Contains(PathOf("none.key"), missingKey);
        Assert.Equal(["key.bin", "plain.bin"], FolderContents());
    }

    [Fact]
    public async Task RunningOutOfMemoryForAFrameIsOneLine()
    {
        var start = KmsKitTool.StartInfo(["encrypt", "--input", WriteFile("plain.bin", [1, 2, 3]), "--output", PathOf("out.bin"), "--frame-length", "1073741824", .. RawKey()]);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x20000000";

        var (exitCode, _, error) = await ChildProcess.RunAsync(start, "the .NET SDK");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("kmskit encrypt: Not enough memory for the message's frames: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(["key.bin", "plain.bin"], FolderContents());
    }

    [Fact]
    public async Task AKeyFileThatIsAFolderIsNamed()
    {
        Directory.CreateDirectory(PathOf("keys"));

        var error = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("out.bin"), "--raw-aes-key", PathOf("keys"), "--key-namespace", Namespace, "--key-name", KeyName]);

        Assert.Equal($"kmskit encrypt: The raw AES key file '{PathOf("keys")}' is a folder.", error);
    }

    [Fact]
    public async Task AnEmptyOutputIsNamed()
    {
        var error = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", "", .. RawKey()]);

        Assert.Equal("kmskit encrypt: The output is empty: give a file, or - for standard output.", error);
    }

    [Fact]
    public async Task FoldersGivenAsFilesAreNamed()
    {
        Directory.CreateDirectory(PathOf("folder"));
        var input = await Fails(["encrypt", "--input", PathOf("folder"), "--output", PathOf("out.bin"), .. RawKey()]);
        var output = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("folder"), .. RawKey()]);

        Assert.Equal($"kmskit encrypt: The input '{PathOf("folder")}' is a folder.", input);
        Assert.Equal($"kmskit encrypt: The output '{PathOf("folder")}' is a folder.", output);
        Assert.Equal("kmskit encrypt: The output '/' is a folder.", await Fails(["encrypt", "--input", PathOf("plain.bin"), "--output", "/", .. RawKey()]));
        Assert.Equal(["key.bin", "plain.bin"], FolderContents());
        Assert.Empty(Directory.GetFileSystemEntries(PathOf("folder")));
    }

    [Fact]
    public async Task ASymbolicLinkIsFollowedAndKept()
    {
        WriteFile("target.bin", [1, 2, 3]);
        File.CreateSymbolicLink(PathOf("link.bin"), "target.bin");
        var plaintext = WriteFile("plain.bin", Bytes(5_000));

        await Succeeds(["encrypt", "--input", plaintext, "--output", PathOf("link.bin"), .. RawKey()]);
        await Succeeds(["decrypt", "--input", PathOf("target.bin"), "--output", PathOf("link.bin"), .. RawKey()]);

        Assert.Equal("target.bin", new FileInfo(PathOf("link.bin")).LinkTarget);
        Assert.Equal(Bytes(5_000), await File.ReadAllBytesAsync(PathOf("target.bin")));
        Assert.Equal(["key.bin", "link.bin", "plain.bin", "target.bin"], FolderContents());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task AnExistingFileKeepsItsPermissionsAndANewOneIsTheOwnersOnly()
    {
        const UnixFileMode readableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var plaintext = WriteFile("plain.bin", Bytes(100));
        File.SetUnixFileMode(WriteFile("existing.bin", [1]), readableByAll);

        await Succeeds(["encrypt", "--input", plaintext, "--output", PathOf("existing.bin"), .. RawKey()]);
        await Succeeds(["decrypt", "--input", PathOf("existing.bin"), "--output", PathOf("new.bin"), .. RawKey()]);

        Assert.Equal(readableByAll, File.GetUnixFileMode(PathOf("existing.bin")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("new.bin")));
        Assert.Equal(Bytes(100), await File.ReadAllBytesAsync(PathOf("new.bin")));
    }

    [Fact]
    public async Task AFifoIsWrittenTo()
    {
        var fifo = PathOf("fifo");
        var (exitCode, _, error) = await ChildProcess.RunAsync(ChildProcess.StartInfo("mkfifo", [fifo]), "apt-get install coreutils");
        Assert.True(exitCode == 0, error);

        var message = await ReadWhileWriting(fifo, ["encrypt", "--input", WriteFile("plain.bin", Bytes(20_000)), "--output", fifo, .. RawKey()]);
        var plaintext = await ReadWhileWriting(fifo, ["decrypt", "--input", WriteFile("message.bin", message), "--output", fifo, .. RawKey()]);

        // A failed decryption: the reader gets nothing, and its end.
        var reading = Task.Run(() => File.ReadAllBytes(fifo));
        await Fails(["decrypt", "--input", WriteFile("message.bin", Flip(message, message.Length - 1)), "--output", fifo, .. RawKey()]);
        Assert.Empty(await reading.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(Bytes(20_000), plaintext);
        Assert.Equal("fifo", (await ChildProcess.RunAsync(ChildProcess.StartInfo("stat", ["--format", "%F", fifo]), "apt-get install coreutils")).Output.Trim());
        Assert.Equal(["fifo", "key.bin", "message.bin", "plain.bin"], FolderContents());
    }

    [Theory]
    [InlineData("encrypt")]
    [InlineData("decrypt")]
    public async Task AClosedStdoutPipeFails(string command)
    {
        // More than a pipe holds (64 KiB), so the tool is still writing when the reader goes.
        var input = command == "encrypt" ? Bytes(1 << 20) : await Succeeds(Bytes(1 << 20), ["encrypt", .. RawKey()]);
        using var process = Process.Start(KmsKitTool.StartInfo([command, "--input", WriteFile("input.bin", input), .. RawKey()]))!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.Close();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, process.ExitCode);
        AssertOneLine(command, await error);
        Assert.Contains("Broken pipe", await error);
    }

    [Fact]
    public async Task StdoutOnAFileEndsWhereTheToolStopped()
    {
        // The shell writes before and after the tool through one descriptor: the tool must move its offset on.
        WriteFile("message.bin", await Succeeds(Bytes(10_000), ["encrypt", .. RawKey()]));
        string[] decrypt = ["dotnet", KmsKitTool.Assembly, "decrypt", "--input", PathOf("message.bin"), .. RawKey()];
        var script = $"{{ printf start; {string.Join(' ', decrypt.Select(a => $"'{a}'"))}; printf end; }} > '{PathOf("out.bin")}'";

        var (exitCode, _, error) = await ChildProcess.RunAsync(ChildProcess.StartInfo("sh", ["-c", script]), "apt-get install dash");

        Assert.True(exitCode == 0, error);
        byte[] expected = [.. "start"u8, .. Bytes(10_000), .. "end"u8];
        Assert.Equal(expected, await File.ReadAllBytesAsync(PathOf("out.bin")));
    }

    [Fact]
    public async Task AnUnreachableKmsIsOneLine()
    {
        var stopwatch = Stopwatch.StartNew();
        var error = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("out.bin"), "--key-id", "alias/orders", "--endpoint-url", "http://127.0.0.1:1"]);

        Assert.Contains("127.0.0.1:1", error);
        Assert.Equal(["plain.bin"], FolderContents());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(50), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AnUnknownKmsKeyIsNamed()
    {
        var alias = "alias/none-" + Guid.NewGuid().ToString("N");
        WriteFile("message.bin", await Succeeds(Bytes(10), ["encrypt", .. RawKey()]));

        var encrypting = await Fails(["encrypt", "--input", WriteFile("plain.bin", [1]), "--output", PathOf("out.bin"), .. Kms(alias)]);
        var decrypting = await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), .. Kms(alias)]);

        Assert.Contains(alias, encrypting);
        Assert.Contains("NotFoundException", encrypting);
        Assert.Equal($"kmskit decrypt: NotFoundException: Alias arn:aws:kms:us-east-1:111122223333:{alias} is not found.", decrypting);
    }

    [Fact]
    public async Task AnotherKmsKeyDecryptsNothing()
    {
        var (_, first) = await NewKey();
        var (_, second) = await NewKey();
        WriteFile("message.bin", await Succeeds(Bytes(10), ["encrypt", .. Kms(first)]));

        var error = await Fails(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("out.bin"), .. Kms(second)]);

        Assert.Contains("found no data key it may decrypt", error);
        Assert.Equal(["message.bin"], FolderContents());
    }

    [Fact]
    public async Task ALargeFileStreamsWithoutProgressOnARedirectedStderr()
    {
        // Above the progress bar's threshold (16 MiB): stderr is redirected here, so it must stay empty.
        var plaintext = PathOf("plain.bin");
        await using (var file = File.Create(plaintext))
        {
            var chunk = Bytes(1 << 20);
            for (var i = 0; i < 17; i++)
            {
                await file.WriteAsync(chunk);
            }
        }

        await Succeeds(["encrypt", "--input", plaintext, "--output", PathOf("message.bin"), "--frame-length", "65536", .. RawKey()]);
        await Succeeds(["decrypt", "--input", PathOf("message.bin"), "--output", PathOf("decrypted.bin"), .. RawKey()]);

        Assert.Equal(await File.ReadAllBytesAsync(plaintext), await File.ReadAllBytesAsync(PathOf("decrypted.bin")));
    }

    [Fact]
    public async Task AProgressBarIsDrawnWhenStderrIsATerminal()
    {
        WriteFile("plain.bin", new byte[17 << 20]);
        string[] arguments = ["dotnet", KmsKitTool.Assembly, "encrypt", "--input", PathOf("plain.bin"), "--output", PathOf("message.bin"), .. RawKey()];

        // script(1) runs the command on a pseudo-terminal and copies what it shows to its own stdout.
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            ChildProcess.StartInfo("script", ["--quiet", "--return", "--command", string.Join(' ', arguments.Select(a => $"'{a}'")), "/dev/null"]),
            "apt-get install util-linux");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("encrypt [##############################] 100% 17/17 MiB", output);
        Assert.True(File.Exists(PathOf("message.bin")));
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    [InlineData("SIGHUP")]
    [InlineData("SIGQUIT")]
    public async Task AnInterruptedDecryptionLeavesNoStagingFile(string signal)
    {
        var message = await Succeeds(Bytes(200_000), ["encrypt", "--frame-length", "1024", .. RawKey()]);
        var start = KmsKitTool.StartInfo(["decrypt", "--output", PathOf("out.bin"), .. RawKey()]);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();

        // Half the message, then stdin stays open: the command waits with plaintext staged beside out.bin.
        await process.StandardInput.BaseStream.WriteAsync(message.AsMemory(0, message.Length / 2));
        await process.StandardInput.BaseStream.FlushAsync();
        var staged = await WaitFor(() => Directory.GetFiles(_folder, ".out.bin.*").Length == 1);
        Signal.Send(process.Id, signal);
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.True(staged, "no staging file appeared: " + await error);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal(["key.bin"], FolderContents());
    }

    public void Dispose()
    {
        _kms.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Bytes(int size) => Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();

    private static byte[] ZipEntry(ZipArchive zip, string uri)
    {
        using var entry = zip.GetEntry(uri.StartsWith("file://", StringComparison.Ordinal) ? uri["file://".Length..] : uri)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Flip(byte[] message, int position)
    {
        var copy = message.ToArray();
        copy[position] ^= 0x01;
        return copy;
    }

    private static void AssertOneLine(string command, string error)
    {
        Assert.StartsWith($"kmskit {command}: ", error);
        Assert.DoesNotContain('\n', error.TrimEnd('\n'));
        Assert.DoesNotContain(" at KmsKit.", error);
    }

    /// <summary>Runs the tool to its end while another thread reads <paramref name="fifo"/> (opening it waits for the writer).</summary>
    private static async Task<byte[]> ReadWhileWriting(string fifo, string[] arguments)
    {
        var reading = Task.Run(() => File.ReadAllBytes(fifo));
        await Succeeds(arguments);

        // A replaced FIFO would leave the reader waiting for good.
        return await reading.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }

    private string[] RawKey() => ["--raw-aes-key", KeyFile, "--key-namespace", Namespace, "--key-name", KeyName];

    private string[] Kms(string keyId) => ["--key-id", keyId, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1"];

    private async Task<(string Arn, string Alias)> NewKey()
    {
        var alias = "alias/message-" + Guid.NewGuid().ToString("N");
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "kmskit encrypt|decrypt" })).KeyMetadata;
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId });
        return (key.Arn, alias);
    }

    private string PathOf(params string[] parts) => Path.Combine([_folder, .. parts]);

    private string WriteFile(string name, byte[] content)
    {
        File.WriteAllBytes(PathOf(name), content);
        return PathOf(name);
    }

    private string[] FolderContents() => Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static async Task Succeeds(string[] arguments) => await Succeeds([], arguments);

    private static async Task<byte[]> Succeeds(byte[] input, string[] arguments)
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync(input, arguments);
        Assert.True(exitCode == 0, error);
        Assert.Empty(error);
        return output;
    }

    private static async Task<string> Fails(string[] arguments)
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync([], arguments);
        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        AssertOneLine(arguments[0], error);
        return error.TrimEnd('\n');
    }
}
