using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests;

/// <summary>What a caller gets for arguments the client cannot work with: a clear error before any work.</summary>
public sealed class ClientArgumentTests
{
    [Fact]
    public async Task Decrypting_bytes_without_a_materials_manager_is_an_ArgumentNullException()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1 }, keyring);

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => client.DecryptAsync(message, (ICryptographicMaterialsManager)null!));
        Assert.Equal("materialsManager", error.ParamName);
    }
}
