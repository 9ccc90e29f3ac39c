using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Tests.Shared;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// Issue 4: the JavaScript ESDK's encrypt (<c>@aws-crypto/client-node</c> 5.0.2 under node) beside KmsKit's on the
/// same 1 MiB and 1 KiB inputs, suite 0x0478, frame 4 KiB, cached materials on both sides, in the same run: messages
/// per second of each and their ratio. The JavaScript side is also run with its keyring alone (a data key per
/// message), which is faster there than its caching materials manager, and KmsKit is compared with the faster of the
/// two. A timed loop rather than a BenchmarkDotNet class, as one side is another
/// process. A message of each JavaScript run is decrypted here, so that both sides are known to do the same work.
/// </summary>
internal static class JavaScriptEsdkComparison
{
    private const int FrameLength = 4096;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ModeOptions.Get(args, "--seconds", 5);
        var warmup = ModeOptions.Get(args, "--warmup", 2);
        var rounds = ModeOptions.Get(args, "--rounds", 2);
        var interop = Repository.PathOf("tests", "KmsKit.Runtime.Tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "@aws-crypto", "client-node")))
        {
            Console.Error.WriteLine($"The JavaScript ESDK is not installed in {interop}: run 'npm ci' there (./build.sh test does).");
            return 1;
        }

        var inputs = new[] { RandomNumberGenerator.GetBytes(1 << 20), RandomNumberGenerator.GetBytes(1 << 10) };
        using var runtime = new CachedMaterials(FrameLength);
        Console.WriteLine($"suite 0x0478, frame {FrameLength}; {rounds} rounds of JavaScript then KmsKit, {warmup} s warm-up + {seconds} s each; node {await NodeVersionAsync()}");
        for (var round = 1; round <= rounds; round++)
        {
            var javaScript = await RunNodeAsync(interop, inputs, warmup, seconds);
            for (var i = 0; i < inputs.Length; i++)
            {
                var (cached, keyring) = javaScript[i];
                await CheckSameWorkAsync(cached.Sample, inputs[i]);
                await CheckSameWorkAsync(keyring.Sample, inputs[i]);
                await RateAsync(runtime, inputs[i], warmup);
                var kmsKit = await RateAsync(runtime, inputs[i], seconds);
                var fastest = Math.Max(cached.PerSecond, keyring.PerSecond);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"round {round}  {Describe(inputs[i].Length),-6}  JavaScript cached {cached.PerSecond,7:F0} msg/s, keyring alone {keyring.PerSecond,7:F0} msg/s   KmsKit cached {kmsKit,7:F0} msg/s   KmsKit/JavaScript {kmsKit / fastest,6:F2}x"));
            }
        }

        return 0;
    }

    private static async Task<double> RateAsync(CachedMaterials runtime, byte[] input, int seconds)
    {
        var messages = 0;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        while (clock.Elapsed < end)
        {
            await runtime.Client.EncryptAsync(input, runtime.Manager);
            messages++;
        }

        return messages / clock.Elapsed.TotalSeconds;
    }

    private static async Task<IReadOnlyList<(Rate Cached, Rate Keyring)>> RunNodeAsync(string interop, byte[][] inputs, int warmup, int seconds)
    {
        var request = new JsonObject
        {
            ["key"] = Convert.ToBase64String(CachedMaterials.WrappingKey),
            ["keyNamespace"] = CachedMaterials.KeyNamespace,
            ["keyName"] = CachedMaterials.KeyName,
            ["suite"] = AlgorithmSuite.Aes256GcmHkdfSha512CommitKey.Id,
            ["warmupSeconds"] = warmup,
            ["seconds"] = seconds,
            ["inputs"] = new JsonArray(inputs.Select(input => (JsonNode)new JsonObject
            {
                ["frameLength"] = FrameLength,
                ["data"] = Convert.ToBase64String(input),
            }).ToArray()),
        };
        var script = Repository.PathOf("tests", "KmsKit.Benchmarks", "Runtime", "esdk-encrypt.js");
        using var node = Process.Start(new ProcessStartInfo("node", [script, interop])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(request.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node esdk-encrypt.js failed (exit {node.ExitCode}): {await stderr}");
        }

        return JsonNode.Parse(await stdout)!.AsArray().Select(result => (Rate.Of(result!["cached"]!), Rate.Of(result["keyring"]!))).ToList();
    }

    private static async Task CheckSameWorkAsync(byte[] message, byte[] input)
    {
        using var keyring = new RawAesKeyring(CachedMaterials.KeyNamespace, CachedMaterials.KeyName, CachedMaterials.WrappingKey);
        var result = await new EncryptionClient().DecryptAsync(message, keyring);
        var frameLength = HeaderFrameLength(message);
        if (!result.Plaintext.AsSpan().SequenceEqual(input) || result.Info.Suite.Id != AlgorithmSuite.Aes256GcmHkdfSha512CommitKey.Id || frameLength != FrameLength)
        {
            throw new InvalidOperationException($"The JavaScript message is not the same work: suite {result.Info.Suite}, frame {frameLength}, plaintext equal: {result.Plaintext.AsSpan().SequenceEqual(input)}.");
        }
    }

    /// <summary>The frame length of a format-2 header: version, suite, message id, context, data keys, content type, then it.</summary>
    private static uint HeaderFrameLength(byte[] message)
    {
        var offset = 1 + 2 + 32;
        offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
        var keys = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
        offset += 2;
        for (var field = 0; field < keys * 3; field++)
        {
            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(offset + 1));
    }

    private static async Task<string> NodeVersionAsync()
    {
        using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
        var version = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        return version.Trim();
    }

    private static string Describe(int size) => size >= 1 << 20 ? $"{size >> 20} MiB" : $"{size >> 10} KiB";

    private sealed record Rate(double PerSecond, byte[] Sample)
    {
        public static Rate Of(JsonNode rate) => new(
            rate["messages"]!.GetValue<int>() / rate["seconds"]!.GetValue<double>(),
            Convert.FromBase64String(rate["sample"]!.GetValue<string>()));
    }
}
