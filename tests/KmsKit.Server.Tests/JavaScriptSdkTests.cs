using System.Text.Json;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// interop/scenario.mjs under node: the JavaScript SDK v3 KMS client through a representative scenario, and the
/// JavaScript Encryption SDK's KMS keyring encrypting and decrypting through the server.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class JavaScriptSdkTests(ServerFixture fixture)
{
    private static readonly string Interop = Repository.PathOf("tests", "KmsKit.Server.Tests", "interop");

    [Fact]
    public async Task TheJavaScriptSdkAndEncryptionSdkWorkThroughTheServer()
    {
        var findings = await RunScenario();

        var keyArn = findings.GetProperty("keyArn").GetString();
        Assert.StartsWith("arn:aws:kms:us-east-1:111122223333:key/", keyArn);
        Assert.True(findings.GetProperty("creationDateIsDate").GetBoolean());
        Assert.True(findings.GetProperty("decryptedMatches").GetBoolean());
        Assert.Equal(32, findings.GetProperty("dataKeyLength").GetInt32());
        Assert.True(findings.GetProperty("dataKeyMatches").GetBoolean());
        Assert.True(findings.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(1, findings.GetProperty("rotations").GetInt32());
        var notFound = findings.GetProperty("notFound");
        Assert.True(notFound.GetProperty("isNotFound").GetBoolean());
        Assert.Equal("Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.", notFound.GetProperty("message").GetString());
        Assert.Equal(400, notFound.GetProperty("status").GetInt32());
        Assert.True(findings.GetProperty("esdkMatches").GetBoolean());
        Assert.Equal("acme", findings.GetProperty("esdkContext").GetString());
        Assert.Equal(keyArn, Assert.Single(findings.GetProperty("esdkKeyProvider").EnumerateArray()).GetString());
        Assert.Equal("PendingDeletion", findings.GetProperty("keyState").GetString());
    }

    private async Task<JsonElement> RunScenario()
    {
        if (!Directory.Exists(Path.Combine(Interop, "node_modules", "@aws-sdk", "client-kms")))
        {
            throw new InvalidOperationException($"The JavaScript packages are not installed in {Interop}: run 'npm ci' there ('./build.sh test' does).");
        }

        var start = ChildProcess.StartInfo("node", ["scenario.mjs", fixture.Server.Url]);
        start.WorkingDirectory = Interop;
        var (exitCode, output, error) = await ChildProcess.RunAsync(start, "apt-get install nodejs");
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
