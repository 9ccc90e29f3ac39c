using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KmsKit.Runtime.Tests.Interoperability;

/// <summary>Runs interop/esdk.js (the JavaScript AWS Encryption SDK 5.0.2 under node) on a batch of cases.</summary>
internal static class JavaScriptEsdk
{
    public sealed record Case(ushort Suite, int FrameLength, Dictionary<string, string> Context, byte[] Data);

    public sealed record Result(byte[] Data, Dictionary<string, string> Context, ushort Suite);

    /// <summary>The wrapping key on the JavaScript side: a raw AES key, or an RSA key pair with its OAEP hash.</summary>
    public sealed record WrappingKey(string KeyNamespace, string KeyName, byte[]? AesKey = null, string? RsaPrivateKeyPem = null, string? RsaPublicKeyPem = null, string? OaepHash = null);

    public static async Task<IReadOnlyList<Result>> RunAsync(string operation, WrappingKey key, IReadOnlyList<Case> cases)
    {
        var folder = RepositoryPaths.Interop;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-crypto", "client-node")))
        {
            throw new InvalidOperationException($"The JavaScript ESDK is not installed in {folder}: run './build.sh test' (it runs 'npm ci' there).");
        }

        var request = new JsonObject
        {
            ["op"] = operation,
            ["keyNamespace"] = key.KeyNamespace,
            ["keyName"] = key.KeyName,
            ["key"] = key.AesKey is null ? null : Convert.ToBase64String(key.AesKey),
            ["rsa"] = key.RsaPrivateKeyPem is null ? null : new JsonObject
            {
                ["privateKey"] = key.RsaPrivateKeyPem,
                ["publicKey"] = key.RsaPublicKeyPem,
                ["oaepHash"] = key.OaepHash,
            },
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["suite"] = c.Suite,
                ["frameLength"] = c.FrameLength,
                ["context"] = new JsonObject(c.Context.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
                ["data"] = Convert.ToBase64String(c.Data),
            }).ToArray()),
        };

        var start = new ProcessStartInfo("node", "esdk.js")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = StartNode(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(request.ToJsonString());
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node esdk.js {operation} failed (exit {process.ExitCode}): {await stderr}");
        }

        return JsonNode.Parse(await stdout)!.AsArray().Select(node => new Result(
            Convert.FromBase64String((string)node!["data"]!),
            node["context"]?.Deserialize<Dictionary<string, string>>() ?? [],
            (ushort)(node["suite"]?.GetValue<int>() ?? 0))).ToList();
    }

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js ('node') is not on PATH: run './build.sh test', which installs it.", e);
        }
    }
}
