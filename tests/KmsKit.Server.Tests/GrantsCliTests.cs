using System.Text.Json;
using KmsKit.Tests.Authorization;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// Grants end to end through the aws cli against a server with the authorization table's principals: each step
/// signed as the principal that would run it.
/// </summary>
public sealed class GrantsCliTests(AuthorizationTableFixture fixture) : IClassFixture<AuthorizationTableFixture>
{
    [Fact]
    public async Task Grants_through_the_aws_cli()
    {
        var folder = Directory.CreateTempSubdirectory("kmskit-grants-cli-").FullName;
        try
        {
            var root = AuthorizationCast.RootA;
            var app = AuthorizationCast.App;
            var plaintext = Path.Combine(folder, "plaintext");
            await File.WriteAllBytesAsync(plaintext, "payroll"u8.ToArray());
            var key = (await Aws(root, "create-key", "--description", "granted")).GetProperty("KeyMetadata");
            var keyId = key.GetProperty("KeyId").GetString()!;
            var keyArn = key.GetProperty("Arn").GetString()!;
            var acme = await Encrypt(root, keyId, plaintext, "tenant=acme", Path.Combine(folder, "acme"));
            var globex = await Encrypt(root, keyId, plaintext, "tenant=globex", Path.Combine(folder, "globex"));

            // Without a grant the role may not decrypt (the default key policy delegates to IAM, and App has no IAM policy).
            Assert.Contains($"An error occurred (AccessDeniedException) when calling the Decrypt operation: User: {app.Arn} is not authorized to perform: kms:Decrypt on resource: {keyArn} because no identity-based policy allows the kms:Decrypt action",
                await AwsFails(app, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme"));

            var grant = await Aws(root, "create-grant", "--key-id", keyId, "--grantee-principal", app.Arn, "--operations", "Decrypt", "RetireGrant",
                "--constraints", "EncryptionContextSubset={tenant=acme}", "--name", "app-reads-acme");
            var grantId = grant.GetProperty("GrantId").GetString()!;
            var token = grant.GetProperty("GrantToken").GetString()!;
            var listed = Assert.Single((await Aws(root, "list-grants", "--key-id", keyId)).GetProperty("Grants").EnumerateArray());
            Assert.Equal(grantId, listed.GetProperty("GrantId").GetString());
            Assert.Equal(keyArn, listed.GetProperty("KeyId").GetString());
            Assert.Equal("app-reads-acme", listed.GetProperty("Name").GetString());
            Assert.Equal(app.Arn, listed.GetProperty("GranteePrincipal").GetString());
            Assert.Equal(["Decrypt", "RetireGrant"], listed.GetProperty("Operations").EnumerateArray().Select(o => o.GetString()));
            Assert.Equal("acme", listed.GetProperty("Constraints").GetProperty("EncryptionContextSubset").GetProperty("tenant").GetString());
            Assert.Equal($"arn:aws:iam::{AuthorizationCast.AccountA}:root", listed.GetProperty("IssuingAccount").GetString());

            // The grantee decrypts with the grant token, within the grant's constraint and operations only.
            var decrypted = await Aws(app, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme", "--grant-tokens", token);
            Assert.Equal("payroll"u8.ToArray(), Convert.FromBase64String(decrypted.GetProperty("Plaintext").GetString()!));
            Assert.Contains("AccessDeniedException) when calling the Decrypt operation",
                await AwsFails(app, "decrypt", "--ciphertext-blob", $"fileb://{globex}", "--encryption-context", "tenant=globex", "--grant-tokens", token));
            Assert.Contains($"An error occurred (AccessDeniedException) when calling the Encrypt operation: User: {app.Arn} is not authorized to perform: kms:Encrypt on resource: {keyArn}",
                await AwsFails(app, "encrypt", "--key-id", keyArn, "--plaintext", $"fileb://{plaintext}", "--encryption-context", "tenant=acme", "--grant-tokens", token));
            Assert.Contains("An error occurred (InvalidGrantTokenException) when calling the Decrypt operation: The grant token is not valid.",
                await AwsFails(app, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme", "--grant-tokens", "not-a-token"));

            // The grantee retires its grant by token (the grant includes RetireGrant), and can no longer decrypt.
            await Aws(app, "retire-grant", "--grant-token", token);
            Assert.Empty((await Aws(root, "list-grants", "--key-id", keyId)).GetProperty("Grants").EnumerateArray());
            Assert.Contains("AccessDeniedException) when calling the Decrypt operation",
                await AwsFails(app, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme"));

            // A role of another account decrypts through a grant, with the key ARN, until the key's owner revokes the grant.
            var lambda = AuthorizationCast.Lambda;
            var crossAccount = (await Aws(root, "create-grant", "--key-id", keyId, "--grantee-principal", lambda.Arn, "--operations", "Decrypt",
                "--retiring-principal", AuthorizationCast.Bob.Arn)).GetProperty("GrantId").GetString()!;
            var fromB = await Aws(lambda, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme", "--key-id", keyArn);
            Assert.Equal("payroll"u8.ToArray(), Convert.FromBase64String(fromB.GetProperty("Plaintext").GetString()!));
            var retirable = (await Aws(AuthorizationCast.Auditor, "list-retirable-grants", "--retiring-principal", AuthorizationCast.Bob.Arn)).GetProperty("Grants");
            Assert.Contains(crossAccount, retirable.EnumerateArray().Select(g => g.GetProperty("GrantId").GetString()));
            Assert.Contains("AccessDeniedException) when calling the RevokeGrant operation",
                await AwsFails(lambda, "revoke-grant", "--key-id", keyArn, "--grant-id", crossAccount));
            await Aws(root, "revoke-grant", "--key-id", keyId, "--grant-id", crossAccount);
            Assert.Contains($"User: {lambda.Arn} is not authorized to perform: kms:Decrypt on resource: {keyArn} because no resource-based policy allows the kms:Decrypt action",
                await AwsFails(lambda, "decrypt", "--ciphertext-blob", $"fileb://{acme}", "--encryption-context", "tenant=acme", "--key-id", keyArn));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string> Encrypt(CastMember caller, string keyId, string plaintext, string context, string path)
    {
        var blob = (await Aws(caller, "encrypt", "--key-id", keyId, "--plaintext", $"fileb://{plaintext}", "--encryption-context", context))
            .GetProperty("CiphertextBlob").GetString()!;
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(blob));
        return path;
    }

    private async Task<JsonElement> Aws(CastMember caller, params string[] arguments)
    {
        var (exitCode, output, error) = await Run(caller, arguments);
        Assert.True(exitCode == 0, $"aws kms {string.Join(' ', arguments)} as {caller}: {error}");
        return output.Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    private async Task<string> AwsFails(CastMember caller, params string[] arguments)
    {
        var (exitCode, _, error) = await Run(caller, arguments);
        Assert.NotEqual(0, exitCode);
        return error;
    }

    private Task<(int ExitCode, string Output, string Error)> Run(CastMember caller, string[] arguments)
    {
        var start = ChildProcess.StartInfo("aws", ["kms", .. arguments, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1", "--output", "json"]);
        start.Environment["AWS_DATA_PATH"] = Path.Combine(Repository.Shared, "kms-model");
        start.Environment["AWS_ACCESS_KEY_ID"] = caller.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = AuthorizationCast.Secret;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        return ChildProcess.RunAsync(start, "apt-get install awscli");
    }
}
