using KmsKit.Pkcs11.Hsm;

namespace KmsKit.Pkcs11.Tests;

/// <summary>SoftHSM is called one call at a time in a process; a gate for other modules lets calls overlap.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModuleCallGateTests(EngineFixture fixture)
{
    [Fact]
    public async Task The_gate_of_the_SoftHSM_module_lets_one_call_run_at_a_time()
    {
        _ = fixture.Kms; // the engine has loaded the module
        var gate = Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath);

        Assert.Equal(1, await MostCallsAtOnce(gate, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task The_open_gate_lets_calls_overlap() => Assert.Equal(4, await MostCallsAtOnce(ModuleCallGate.Open, TimeSpan.FromSeconds(30)));

    private static async Task<int> MostCallsAtOnce(ModuleCallGate gate, TimeSpan patience)
    {
        var running = 0;
        var most = 0;
        using var allIn = new CountdownEvent(4);
        // A thread each (LongRunning): the pool of a 2-core machine would start the four callers late.
        var calls = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() => gate.Run(0, _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            allIn.Signal();
            // Callers one at a time never all get in: each waits out its patience, then leaves.
            allIn.Wait(patience);
            Interlocked.Decrement(ref running);
            return true;
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(calls);
        return most;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
