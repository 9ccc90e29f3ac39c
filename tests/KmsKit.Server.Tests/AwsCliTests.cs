using System.Text.Json;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// The aws cli (Debian's awscli, botocore) against the server, with AWS_DATA_PATH pointing at the shared API model
/// so that it knows every operation. A representative scenario, one command per step.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AwsCliTests(ServerFixture fixture)
{
    [Fact]
    public async Task AScenarioThroughTheAwsCli()
    {
        var folder = Directory.CreateTempSubdirectory("kmskit-cli-").FullName;
        try
        {
            var plaintext = Path.Combine(folder, "plaintext");
            await File.WriteAllBytesAsync(plaintext, "secret order"u8.ToArray());
            var alias = "alias/cli-" + Guid.NewGuid().ToString("N");

            var keyId = (await Aws("create-key", "--description", "from the cli")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            await Aws("create-alias", "--alias-name", alias, "--target-key-id", keyId);
            var blob = (await Aws("encrypt", "--key-id", alias, "--plaintext", $"fileb://{plaintext}", "--encryption-context", "tenant=acme"))
                .GetProperty("CiphertextBlob").GetString()!;
            var ciphertext = Path.Combine(folder, "ciphertext");
            await File.WriteAllBytesAsync(ciphertext, Convert.FromBase64String(blob));
            var decrypted = await Aws("decrypt", "--ciphertext-blob", $"fileb://{ciphertext}", "--encryption-context", "tenant=acme");
            var dataKey = await Aws("generate-data-key", "--key-id", keyId, "--key-spec", "AES_256");
            var signingKey = (await Aws("create-key", "--key-spec", "ECC_NIST_P256", "--key-usage", "SIGN_VERIFY")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            var signature = (await Aws("sign", "--key-id", signingKey, "--message", $"fileb://{plaintext}", "--signing-algorithm", "ECDSA_SHA_256"))
                .GetProperty("Signature").GetString()!;
            var signatureFile = Path.Combine(folder, "signature");
            await File.WriteAllBytesAsync(signatureFile, Convert.FromBase64String(signature));
            var verified = await Aws("verify", "--key-id", signingKey, "--message", $"fileb://{plaintext}", "--signature", $"fileb://{signatureFile}",
                "--signing-algorithm", "ECDSA_SHA_256");
            await Aws("enable-key-rotation", "--key-id", keyId);
            await Aws("rotate-key-on-demand", "--key-id", keyId);
            var rotations = await Aws("list-key-rotations", "--key-id", keyId);
            var deletion = await Aws("schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7");

            Assert.Equal("secret order"u8.ToArray(), Convert.FromBase64String(decrypted.GetProperty("Plaintext").GetString()!));
            Assert.Equal(32, Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!).Length);
            Assert.True(verified.GetProperty("SignatureValid").GetBoolean());
            Assert.Equal(1, rotations.GetProperty("Rotations").GetArrayLength());
            Assert.Equal("PendingDeletion", deletion.GetProperty("KeyState").GetString());
            var error = await AwsFails("describe-key", "--key-id", "alias/none");
            Assert.Contains("An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<JsonElement> Aws(params string[] arguments)
    {
        var (exitCode, output, error) = await Run(arguments);
        Assert.True(exitCode == 0, $"aws kms {string.Join(' ', arguments)}: {error}");
        return output.Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    private async Task<string> AwsFails(params string[] arguments)
    {
        var (exitCode, _, error) = await Run(arguments);
        Assert.NotEqual(0, exitCode);
        return error;
    }

    private Task<(int ExitCode, string Output, string Error)> Run(string[] arguments)
    {
        var start = ChildProcess.StartInfo("aws", ["kms", .. arguments, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1", "--output", "json"]);
        start.Environment["AWS_DATA_PATH"] = Path.Combine(Repository.Shared, "kms-model");
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        return ChildProcess.RunAsync(start, "apt-get install awscli");
    }
}
