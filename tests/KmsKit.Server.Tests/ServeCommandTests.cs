using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Server.Tests;

[SupportedOSPlatform("linux")] // file modes are POSIX; the server runs on Linux (SoftHSM2)
public sealed class ServeCommandTests
{
    [Fact]
    public async Task ADataDirectoryKeepsKeysAcrossRestarts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-server-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            string keyId;
            byte[] blob;
            using (var server = new ServerProcess("--data-dir", folder))
            using (var kms = server.Client("ap-southeast-2"))
            {
                keyId = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;
                blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([5]) })).CiphertextBlob.ToArray();
                Assert.Equal(0, server.Stop());
            }

            using (var server = new ServerProcess("--data-dir", folder))
            using (var kms = server.Client("ap-southeast-2"))
            {
                Assert.Equal(keyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata.KeyId);
                Assert.Equal(new byte[] { 5 }, (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) })).Plaintext.ToArray());
            }

            Assert.True(File.Exists(Path.Combine(folder, "kms.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--data-dir and --ephemeral exclude each other.", "--data-dir", "/tmp/x", "--ephemeral")]
    [InlineData("--host must be an IP address, not 'localhost'.", "--host", "localhost")]
    [InlineData("--account-id must be 12 digits.", "--account-id", "1234")]
    [InlineData("--port must be between 0 and 65535.", "--port", "70000")]
    [InlineData("Cannot parse argument 'abc' for option '--port' as expected type 'System.Int32'.", "--port", "abc")]
    [InlineData("--region-default must be an AWS region, not 'moon-1'.", "--region-default", "moon-1")]
    [InlineData("--host 0.0.0.0 is not a loopback address, and without --principals any caller is the account root: give --principals, or --allow-anonymous-remote to accept that.", "--host", "0.0.0.0")]
    [InlineData("--host 0.0.0.0 is not a loopback address, and without --principals any caller is the account root: give --principals, or --allow-anonymous-remote to accept that.", "--ephemeral", "--port", "0", "--host", "0.0.0.0", "--allow-anonymous-remote", "false")]
    [InlineData("--allowed-host takes a host name or an IP address (no port, scheme or path), not 'kms.test:4599'.", "--ephemeral", "--port", "0", "--allowed-host", "kms.test:4599")]
    [InlineData("--allowed-host takes a host name or an IP address (no port, scheme or path), not 'http://kms.test'.", "--ephemeral", "--port", "0", "--allowed-host", "kms.test", "--allowed-host", "http://kms.test")]
    [InlineData("--audit-log-max-size takes a size of at least 64K (bytes, or with K, M or G), not '1K'.", "--ephemeral", "--port", "0", "--audit-log", "/tmp/x.log", "--audit-log-max-size", "1K")]
    [InlineData("--audit-log-max-size takes a size of at least 64K (bytes, or with K, M or G), not 'big'.", "--ephemeral", "--port", "0", "--audit-log-max-size", "big")]
    [InlineData("--audit-digest-minutes must be between 1 and 1440.", "--ephemeral", "--port", "0", "--audit-digest-minutes", "0")]
    public async Task BadOptionsAreRefusedWithTheirReason(string reason, params string[] options)
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync(["serve", .. options]);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("listening on", output);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADataFolderThatIsAFileIsRefusedAtStart()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (exitCode, output, error) = await KmsKitTool.RunAsync(["serve", "--port", "0", "--data-dir", file]);

            Assert.Equal(1, exitCode);
            Assert.DoesNotContain("listening on", output);
            Assert.Equal($"kmskit serve: The data folder '{file}' is a file.", error.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnAddressNotOfThisMachineIsOneLine()
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync(["serve", "--ephemeral", "--port", "0", "--host", "192.0.2.1", "--allow-anonymous-remote"]);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("listening on", output);
        Assert.StartsWith("kmskit serve: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task APortInUseIsOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, error) = await KmsKitTool.RunAsync(["serve", "--ephemeral", "--port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal($"kmskit serve: Failed to bind to address http://127.0.0.1:{port}: address already in use.", error.Trim());
    }

    [Fact]
    public async Task ABrokenPrincipalsFileIsNamed()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"AKIA1": {"secretAccessKey": "s"}}""");

            var (exitCode, _, error) = await KmsKitTool.RunAsync("serve", "--ephemeral", "--port", "0", "--principals", file);

            Assert.Equal(1, exitCode);
            Assert.Equal($"kmskit serve: {file}: access key 'AKIA1' needs a string 'principalArn'.", error.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task APrincipalsFileReadableByOthersIsRefused()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{}");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var (exitCode, output, error) = await KmsKitTool.RunAsync("serve", "--ephemeral", "--port", "0", "--principals", file);

            Assert.Equal(1, exitCode);
            Assert.Empty(output);
            Assert.Equal($"kmskit serve: {file} is readable by group or others (mode 0644): chmod 600 it, or accept it with --allow-readable-principals.", error.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task a_principals_file_others_may_write_is_refused_even_with_allow_readable_principals()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{}");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);

            var (exitCode, output, error) = await KmsKitTool.RunAsync(
                "serve", "--ephemeral", "--port", "0", "--principals", file, "--allow-readable-principals");

            Assert.Equal(1, exitCode);
            Assert.Empty(output);
            Assert.Equal(
                $"kmskit serve: {file} is writable by group or others (mode 0620): anyone who can write it can add an access key of their own; chmod 600 it.",
                error.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AReadablePrincipalsFileIsAcceptedWithAWarningWhenAllowed()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{}");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

            using var server = new ServerProcess("--principals", file, "--allow-readable-principals");

            Assert.Contains($"warning: {file} is readable by group or others (mode 0640); accepted by --allow-readable-principals.", await server.StandardErrorLineAsync("warning:"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheLocalModeSaysThatAnyCallerIsTheRoot()
    {
        using var server = new ServerProcess();

        Assert.Equal(
            "kmskit serve: no --principals: any caller, signed or not, is the root of account 111122223333.",
            await server.StandardErrorLineAsync("kmskit serve: no --principals"));
    }

    [Fact]
    public async Task TheDataFolderIsReadableByItsOwnerOnly()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-server-modes-" + Guid.NewGuid().ToString("N"));
        // Made as an older version or a user's mkdir leaves it: open to everyone's reading.
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            using (var server = new ServerProcess("--data-dir", folder))
            using (var kms = server.Client())
            {
                await kms.CreateKeyAsync(new CreateKeyRequest());

                // While it runs: the store's write-ahead log and shared memory exist only then.
                var running = AssertOwnerOnly(folder);
                Assert.Contains(Path.Combine(folder, "kms.db"), running);
                Assert.Contains(Path.Combine(folder, "kms.db-wal"), running);
                Assert.Contains(Path.Combine(folder, "kms.db-shm"), running);
                Assert.Equal(0, server.Stop());
            }

            var stopped = AssertOwnerOnly(folder);
            Assert.Contains(Path.Combine(folder, "kms.db-changes"), stopped);
            Assert.Contains(Path.Combine(folder, "tokens"), stopped);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Asserts that <paramref name="folder"/> and everything under it is its owner's only (0700, 0600); returns what is under it.</summary>
    private static string[] AssertOwnerOnly(string folder)
    {
        const UnixFileMode ownerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode ownerFolder = ownerFile | UnixFileMode.UserExecute;
        Assert.Equal(ownerFolder, File.GetUnixFileMode(folder));
        var entries = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories);
        Assert.All(entries, entry => Assert.Equal(Directory.Exists(entry) ? ownerFolder : ownerFile, File.GetUnixFileMode(entry)));
        return entries;
    }
}
