using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// Pkcs11Interop frees an attribute's unmanaged value in its finalizer: a template the GC finalizes while the module
/// still reads it gives a key stored under a garbage CKA_ID, which no search finds again (the key is lost).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GarbageCollectionTests(EngineFixture fixture)
{
    private const int Keys = 60;

    [Fact]
    public async Task Keys_created_while_the_garbage_collector_runs_are_found_by_their_id()
    {
        using var collecting = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!collecting.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });

        var lost = new List<string>();
        try
        {
            for (var i = 0; i < Keys; i++)
            {
                var hmac = i % 4 == 0;
                var key = await KeyFactory.Create(fixture.Kms, hmac ? KeySpec.HMAC_256.Value : KeySpec.SYMMETRIC_DEFAULT.Value,
                    hmac ? KeyUsageType.GENERATE_VERIFY_MAC.Value : null);
                try
                {
                    await Use(key.KeyId, hmac);
                }
                catch (KMSInternalException)
                {
                    lost.Add(key.KeyId);
                }
            }
        }
        finally
        {
            await collecting.CancelAsync();
            await collector;
        }

        Assert.Empty(lost);
    }

    private Task Use(string keyId, bool hmac) => hmac
        ? fixture.Kms.GenerateMacAsync(new GenerateMacRequest { KeyId = keyId, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256, Message = KeyFactory.Text(keyId) })
        : fixture.Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = KeyFactory.Text(keyId) });
}
