using System.Collections.Concurrent;
using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Tests;

/// <summary>The session pool over the engine's SoftHSM2 slot: no session outlives the pool's Dispose.</summary>
[Collection(EngineCollection.Name)]
public sealed class SessionPoolTests(EngineFixture fixture)
{
    [Fact]
    public async Task A_session_in_use_when_the_pool_is_disposed_is_closed_when_its_operation_ends()
    {
        var pool = new SessionPool(Slot(), ModuleCallGate.Open);
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        ISession? inUse = null;
        var operation = Task.Run(() => pool.Run(session =>
        {
            inUse = session;
            started.Set();
            release.Wait();
            return session.GenerateRandom(4);
        }));
        started.Wait();
        var idle = pool.Run(session => session);

        pool.Dispose();
        release.Set();

        Assert.Equal(4, (await operation).Length);
        Assert.Throws<ObjectDisposedException>(() => inUse!.GetSessionInfo());
        Assert.Throws<ObjectDisposedException>(() => idle.GetSessionInfo());
        Assert.Throws<ObjectDisposedException>(() => pool.Run(session => session.GenerateRandom(1)));
    }

    [Fact]
    public async Task Sessions_returned_while_the_pool_is_being_disposed_are_closed()
    {
        for (var round = 0; round < 20; round++)
        {
            var pool = new SessionPool(Slot(), ModuleCallGate.Open);
            var used = new ConcurrentBag<ISession>();
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                try
                {
                    while (true)
                    {
                        pool.Run(session =>
                        {
                            used.Add(session);
                            return session.GenerateRandom(1);
                        });
                    }
                }
                catch (ObjectDisposedException)
                {
                }
            })).ToArray();

            await Task.Delay(5);
            pool.Dispose();
            await Task.WhenAll(workers);

            Assert.All(used.Distinct(), session => Assert.Throws<ObjectDisposedException>(() => session.GetSessionInfo()));
        }
    }

    // The pools here run ungated (ModuleCallGate.Open): the tests need two operations in flight at once, and
    // sessions and random bytes touch no private object, which is what SoftHSM garbles under concurrency.
    private ISlot Slot()
    {
        _ = fixture.Kms; // the engine has loaded the module and made the token
        return Pkcs11Libraries.Get(SoftHsmConfiguration.DefaultModulePath)
            .GetSlotList(SlotsType.WithTokenPresent)
            .First(slot => slot.GetTokenInfo().Label.Trim() == "kmskit");
    }
}
