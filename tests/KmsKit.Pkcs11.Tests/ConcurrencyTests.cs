using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.ConcurrencyWorker;

namespace KmsKit.Pkcs11.Tests;

[Collection(EngineCollection.Name)]
public sealed class ConcurrencyTests(EngineFixture fixture)
{
    private const int Threads = 4;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Two_processes_with_four_threads_each_lose_no_key_and_make_no_error()
    {
        using var worker = WorkerProcess.Start(fixture.Folder, Threads, Duration);
        var local = new ConcurrencyWorkload(fixture.Kms);
        await local.Run(Threads, Duration);
        var remote = await worker.Finish();

        Assert.True(local.Errors.IsEmpty, string.Join("\n", local.Errors));
        Assert.NotEmpty(remote);
        Assert.NotEmpty(local.Created);
        await AssertAllPresent(remote.Concat(local.Created));
    }

    [Fact]
    public async Task Keys_another_process_created_are_found_after_this_process_wrote_the_token()
    {
        using var worker = WorkerProcess.Start(fixture.Folder, 1, TimeSpan.FromSeconds(0.2));
        var remote = await worker.Finish();

        // This write adopts the other process's token generation without re-reading the token (SoftHSM 2.6).
        await KeyFactory.Create(fixture.Kms);
        await AssertAllPresent(remote);
    }

    /// <summary>Every key is listed, and its proof ciphertext (its own id, encrypted) decrypts here.</summary>
    private async Task AssertAllPresent(IEnumerable<KeyValuePair<string, byte[]>> keys)
    {
        var listed = new HashSet<string>();
        string? marker = null;
        do
        {
            var page = await fixture.Kms.ListKeysAsync(new ListKeysRequest { Limit = 1000, Marker = marker });
            listed.UnionWith(page.Keys.Select(k => k.KeyId));
            marker = page.NextMarker;
        }
        while (marker is not null);

        foreach (var (keyId, proof) in keys)
        {
            Assert.Contains(keyId, listed);
            var decrypted = await fixture.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(proof) });
            Assert.Equal(keyId, System.Text.Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        }
    }
}
