using System.Text.Json;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class KeysCommandTests(ServerFixture fixture)
{
    [Fact]
    public async Task CreateListAndDescribeThroughTheTool()
    {
        var alias = "alias/tool-" + Guid.NewGuid().ToString("N");

        var created = await Kmskit("keys", "create", "--description", "from kmskit", "--key-spec", "ECC_NIST_P256", "--key-usage", "SIGN_VERIFY", "--alias", alias);
        var keyId = created.GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
        var listed = await Kmskit("keys", "list");
        var described = await Kmskit("keys", "describe", "--key-id", alias);

        Assert.Equal("ECC_NIST_P256", created.GetProperty("KeyMetadata").GetProperty("KeySpec").GetString());
        Assert.Contains(listed.GetProperty("Keys").EnumerateArray(), key => key.GetProperty("KeyId").GetString() == keyId);
        Assert.Equal(keyId, described.GetProperty("KeyMetadata").GetProperty("KeyId").GetString());
        Assert.Equal("from kmskit", described.GetProperty("KeyMetadata").GetProperty("Description").GetString());
    }

    [Fact]
    public async Task ErrorsAreOneLineAndAFailingExit()
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync("keys", "describe", "--key-id", "alias/none", "--endpoint-url", fixture.Server.Url);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal("kmskit: NotFoundException: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.", error.Trim());
    }

    [Fact]
    public async Task AKeyWhoseAliasFailsIsNamed()
    {
        var alias = "alias/tool-" + Guid.NewGuid().ToString("N");
        await Kmskit("keys", "create", "--alias", alias);

        var (exitCode, output, error) = await KmsKitTool.RunAsync("keys", "create", "--alias", alias, "--endpoint-url", fixture.Server.Url);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Matches("^kmskit: AlreadyExistsException: The key arn:aws:kms:us-east-1:111122223333:key/[0-9a-f-]{36} was created, but not its alias: .*" + alias, error.Trim());
    }

    [Fact]
    public async Task AnUnreachableEndpointIsOneLine()
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync("keys", "list", "--endpoint-url", "http://127.0.0.1:1");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal("kmskit: Connection refused (127.0.0.1:1)", error.Trim());
    }

    private async Task<JsonElement> Kmskit(params string[] arguments)
    {
        var (exitCode, output, error) = await KmsKitTool.RunAsync([.. arguments, "--endpoint-url", fixture.Server.Url, "--region", "us-east-1"]);
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
