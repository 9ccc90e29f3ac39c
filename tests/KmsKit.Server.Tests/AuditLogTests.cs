using System.Runtime.Versioning;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

/// <summary><c>kmskit serve --audit-log</c> through the AWS SDK's own requests, then <c>kmskit audit verify|query</c> on the file.</summary>
[SupportedOSPlatform("linux")]
public sealed class AuditLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kmskit-server-audit-" + Guid.NewGuid().ToString("N"));

    private string LogPath => Path.Combine(_folder, "audit.log");

    [Fact]
    public async Task The_server_logs_every_sdk_request_as_one_event_with_its_request_id_and_the_log_verifies_offline()
    {
        string fingerprint;
        string keyId;
        var requestIds = new Dictionary<string, string>();
        using (var server = new ServerProcess("--audit-log", LogPath))
        using (var kms = server.Client())
        {
            var line = await server.StandardErrorLineAsync("kmskit serve: audit log ");
            Assert.NotNull(line);
            fingerprint = line[(line.IndexOf("sha256:", StringComparison.Ordinal) + "sha256:".Length)..][..64];

            var created = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "audited over HTTP" });
            keyId = created.KeyMetadata.KeyId;
            requestIds["CreateKey"] = created.ResponseMetadata.RequestId;
            var encrypted = await kms.EncryptAsync(new EncryptRequest
            {
                KeyId = keyId,
                Plaintext = new MemoryStream("over the wire"u8.ToArray()),
                EncryptionContext = new Dictionary<string, string> { ["purpose"] = "audit" },
            });
            requestIds["Encrypt"] = encrypted.ResponseMetadata.RequestId;
            var decrypted = await kms.DecryptAsync(new DecryptRequest
            {
                CiphertextBlob = encrypted.CiphertextBlob,
                EncryptionContext = new Dictionary<string, string> { ["purpose"] = "audit" },
            });
            requestIds["Decrypt"] = decrypted.ResponseMetadata.RequestId;
            requestIds["GenerateDataKey"] = (await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 })).ResponseMetadata.RequestId;
            await Assert.ThrowsAsync<NotFoundException>(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/not-there" }));
            Assert.Equal(0, server.Stop());
        }

        var events = File.ReadAllLines(LogPath).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("eventName", out _)).ToList();
        Assert.Equal(["CreateKey", "Encrypt", "Decrypt", "GenerateDataKey", "DescribeKey"], events.Select(e => e.GetProperty("eventName").GetString()));
        foreach (var e in events.Take(4))
        {
            var name = e.GetProperty("eventName").GetString()!;
            Assert.Equal(requestIds[name], e.GetProperty("requestID").GetString());
            Assert.Equal("127.0.0.1", e.GetProperty("sourceIPAddress").GetString());
            Assert.StartsWith("aws-sdk-dotnet", e.GetProperty("userAgent").GetString(), StringComparison.Ordinal);
            Assert.Equal("AKIDEXAMPLE", e.GetProperty("userIdentity").GetProperty("accessKeyId").GetString());
        }

        Assert.Equal("audit", events[2].GetProperty("requestParameters").GetProperty("encryptionContext").GetProperty("purpose").GetString());
        Assert.Equal("NotFoundException", events[4].GetProperty("errorCode").GetString());
        Assert.DoesNotContain("over the wire", File.ReadAllText(LogPath), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("over the wire"u8.ToArray()), File.ReadAllText(LogPath), StringComparison.Ordinal);

        var verified = await KmsKitTool.RunAsync("audit", "verify", LogPath, "--key-fingerprint", fingerprint);
        Assert.Equal(0, verified.ExitCode);
        Assert.StartsWith("Intact: 7 lines in 1 file(s), 5 events, 2 signed digests", verified.Output, StringComparison.Ordinal);

        var decrypts = await KmsKitTool.RunAsync("audit", "query", LogPath, "--event", "Decrypt", "--key", keyId, "--since", "1h");
        Assert.Equal(0, decrypts.ExitCode);
        Assert.Equal("Decrypt", JsonDocument.Parse(Assert.Single(decrypts.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement.GetProperty("eventName").GetString());
        var byRoot = await KmsKitTool.RunAsync("audit", "query", LogPath, "--principal", "arn:aws:iam::111122223333:root");
        Assert.Equal(5, byRoot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var future = await KmsKitTool.RunAsync("audit", "query", LogPath, "--since", "2999-01-01T00:00:00Z");
        Assert.Equal(string.Empty, future.Output);

        // A decryption erased from the log: the verifier names where it was.
        var lines = File.ReadAllLines(LogPath).ToList();
        lines.RemoveAt(3);
        File.WriteAllLines(LogPath, lines);
        var tampered = await KmsKitTool.RunAsync("audit", "verify", LogPath);
        Assert.Equal(1, tampered.ExitCode);
        Assert.StartsWith($"kmskit audit verify: {LogPath}:4: 1 line(s) were removed before line 4", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_restarted_on_its_log_goes_on_with_the_chain_and_rotates_it_by_size()
    {
        var data = Path.Combine(_folder, "data");
        for (var run = 0; run < 2; run++)
        {
            using var server = new ServerProcess("--data-dir", data, "--audit-log", LogPath, "--audit-log-max-size", "64K");
            using var kms = server.Client();
            var key = await kms.CreateKeyAsync(new CreateKeyRequest());
            for (var i = 0; i < 60; i++)
            {
                await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyMetadata.KeyId });
            }

            Assert.Equal(0, server.Stop());
        }

        var files = Directory.GetFiles(_folder, "audit*.log");
        Assert.True(files.Length >= 2, $"{files.Length} files");
        var verified = await KmsKitTool.RunAsync(["audit", "verify", .. files.Reverse()]);
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains(" 122 events, ", verified.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "kmskit audit verify: --key-fingerprint takes 64 hex digits (a SHA-256), not 'abc'.", "verify", "x.log", "--key-fingerprint", "abc")]
    [InlineData(2, "kmskit audit query: --since takes an ISO 8601 time or a span such as 30m, 12h or 7d, not 'yesterday'.", "query", "x.log", "--since", "yesterday")]
    [InlineData(2, "kmskit audit verify: /nonexistent/audit.log: ", "verify", "/nonexistent/audit.log")]
    public async Task Bad_audit_command_lines_exit_2_with_their_reason(int exitCode, string reason, params string[] arguments)
    {
        var (code, _, error) = await KmsKitTool.RunAsync(["audit", .. arguments]);
        Assert.Equal(exitCode, code);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
