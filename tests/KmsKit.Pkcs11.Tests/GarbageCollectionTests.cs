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
    private const int WarmUp = 80;
    private const int Keys = 40;

    [Fact]
    public async Task Keys_created_while_the_garbage_collector_runs_are_found_by_their_id()
    {
        // Tier-0 code keeps every local alive to the end of its method; the optimized code the JIT makes after some
        // thirty calls does not, and only then can a template be collected during its call.
        for (var i = 0; i < WarmUp; i++)
        {
            await CreateAndUse(i);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
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
                try
                {
                    await CreateAndUse(i);
                }
                catch (KMSInternalException e)
                {
                    lost.Add(e.Message);
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

    private async Task CreateAndUse(int i)
    {
        var hmac = i % 4 == 0;
        var key = await KeyFactory.Create(fixture.Kms, hmac ? KeySpec.HMAC_256.Value : KeySpec.SYMMETRIC_DEFAULT.Value,
            hmac ? KeyUsageType.GENERATE_VERIFY_MAC.Value : null);
        await Use(key.KeyId, hmac);
    }

    private Task Use(string keyId, bool hmac) => hmac
        ? fixture.Kms.GenerateMacAsync(new GenerateMacRequest { KeyId = keyId, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256, Message = KeyFactory.Text(keyId) })
        : fixture.Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = KeyFactory.Text(keyId) });
}
