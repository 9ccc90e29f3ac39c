using System.Diagnostics;
using System.Globalization;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// The runtime benchmarks' ratios measured for a machine whose load changes from second to second, which moves
/// BenchmarkDotNet's ratios (one process per method, one after the other) far from the truth: each round times the
/// baseline and the runtime back to back on the same buffers, a few tens of milliseconds each, in a rotating order,
/// and the ratio is taken per round; the median over the rounds is reported with the quartiles. A cross-check of
/// the BenchmarkDotNet classes, whose methods it calls.
/// </summary>
internal static class PairedEncryptRatio
{
    private static Func<double> _clock = () => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = ModeOptions.Get(args, "--rounds", 30);

        // Each 1 MiB array the byte[] APIs return brings a collection closer: more calls per round spread those
        // collections' cost more evenly over the methods that allocate.
        var largeCalls = ModeOptions.Get(args, "--large-calls", 40);
        if (ModeOptions.Has(args, "--cpu-time"))
        {
            _clock = ProcessCpuClock.IsAvailable ? ProcessCpuClock.Seconds : throw new PlatformNotSupportedException("--cpu-time reads the process CPU time of Linux.");
        }

        var clock = ModeOptions.Has(args, "--cpu-time") ? "process CPU time" : "wall-clock time";
        Console.WriteLine($"{rounds} rounds, each method back to back per round ({largeCalls} calls for 1 MiB messages), {clock}; median [quartiles] of the per-round ratios to raw AES-GCM (one call, output reused) unless said");
        foreach (var frameLength in new[] { 4096, 65536 })
        {
            var large = new LargeMessageEncryptBenchmark { FrameLength = frameLength };
            large.Setup();
            try
            {
                var seconds = await TimeRoundsAsync(rounds, largeCalls, () => Task.FromResult(large.RawAesGcm()), large.KmsKitEncrypt, large.KmsKitEncryptToBufferWriter, () => Task.FromResult(large.RawAesGcmInFrames()), () => Task.FromResult(large.RawAesGcmIntoNewArray()), () => Task.FromResult(large.RawAesGcmInFramesIntoNewArray()));
                Console.WriteLine($"1 MiB, frame {frameLength,5}: byte[] API {Describe(Ratios(seconds, 1))}   IBufferWriter {Describe(Ratios(seconds, 2))}");
                Console.WriteLine($"  raw AES-GCM in frame-sized calls {Describe(Ratios(seconds, 3))}   raw AES-GCM into a new array {Describe(Ratios(seconds, 4))}   both {Describe(Ratios(seconds, 5))}");
                Console.WriteLine($"  byte[] API beside raw AES-GCM into a new array of the message's length (target at most 1.25) {Describe(Ratios(seconds, 1, 4))}   beside its floor (both) {Describe(Ratios(seconds, 1, 5))}");
                Console.WriteLine($"  the floor (both) beside raw AES-GCM into a new array {Describe(Ratios(seconds, 5, 4))}");

                var signed = await TimeRoundsAsync(Math.Max(rounds / 2, 3), 10, large.KmsKitEncryptSignedToBufferWriter, large.KmsKitEncryptSigned, () => Task.FromResult(large.RawAesGcmIntoNewArray()), () => Task.FromResult(large.RawAesGcm()));
                Console.WriteLine($"  0x0578: byte[] API beside IBufferWriter {Describe(Ratios(signed, 1))}   IBufferWriter beside raw AES-GCM {Describe(Ratios(signed, 0, 3))}   raw AES-GCM into a new array beside raw {Describe(Ratios(signed, 2, 3))}");
            }
            finally
            {
                large.Cleanup();
            }

            var largeDecrypt = new LargeMessageDecryptBenchmark { FrameLength = frameLength };
            largeDecrypt.Setup();
            try
            {
                var seconds = await TimeRoundsAsync(rounds, largeCalls, () => Task.FromResult(largeDecrypt.RawAesGcm()), largeDecrypt.KmsKitDecrypt, () => Task.FromResult(largeDecrypt.RawAesGcmIntoNewArray()), () => Task.FromResult(largeDecrypt.RawAesGcmInFramesIntoNewArray()));
                Console.WriteLine($"1 MiB decrypt, frame {frameLength,5}: byte[] API {Describe(Ratios(seconds, 1))}   raw AES-GCM into a new array {Describe(Ratios(seconds, 2))}   in frame-sized calls into a new array {Describe(Ratios(seconds, 3))}");
                Console.WriteLine($"  byte[] API beside raw AES-GCM into a new array of the plaintext's length (target at most 1.25) {Describe(Ratios(seconds, 1, 2))}   beside its floor (in frame-sized calls) {Describe(Ratios(seconds, 1, 3))}");
                Console.WriteLine($"  the floor beside raw AES-GCM into a new array {Describe(Ratios(seconds, 3, 2))}");
            }
            finally
            {
                largeDecrypt.Cleanup();
            }
        }

        var small = new SmallMessageEncryptBenchmark();
        try
        {
            var seconds = await TimeRoundsAsync(rounds, 4000, () => Task.FromResult(small.RawAesGcm()), small.KmsKitEncrypt);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 KiB, cached materials: {Describe(Ratios(seconds, 1))} of raw; messages per second on one thread {PerSecond(seconds[1])}"));
        }
        finally
        {
            small.Cleanup();
        }

        var decrypt = new SmallMessageDecryptBenchmark();
        try
        {
            var seconds = await TimeRoundsAsync(rounds, 2000, () => Task.FromResult(decrypt.RawAesGcm()), decrypt.KmsKitDecrypt);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 KiB decrypt, cached materials: {Describe(Ratios(seconds, 1))} of raw; messages per second on one thread {PerSecond(seconds[1])}"));
            var signed = await TimeRoundsAsync(Math.Max(rounds / 3, 3), 100, decrypt.KmsKitEncryptSigned, decrypt.KmsKitDecryptSigned);
            Console.WriteLine($"1 KiB 0x0578, cached materials, messages per second on one thread: encrypt {PerSecond(signed[0])}   decrypt {PerSecond(signed[1])}");
        }
        finally
        {
            decrypt.Cleanup();
        }

        return 0;
    }

    /// <summary>Seconds per call of each method in each round; the first method is the baseline.</summary>
    private static async Task<List<double>[]> TimeRoundsAsync(int rounds, int calls, params Func<Task>[] methods)
    {
        var seconds = methods.Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < methods.Length; k++)
            {
                var method = (Math.Max(round, 0) + k) % methods.Length;
                var start = _clock();
                for (var call = 0; call < calls; call++)
                {
                    await methods[method]();
                }

                // Round -1 warms up (JIT, tiering, caches) and is not counted.
                if (round >= 0)
                {
                    seconds[method].Add((_clock() - start) / calls);
                }
            }
        }

        return seconds;
    }

    private static List<double> Ratios(List<double>[] seconds, int method, int baseline = 0) => seconds[method].Zip(seconds[baseline], (measured, reference) => measured / reference).ToList();

    private static string Describe(List<double> ratios) => string.Create(CultureInfo.InvariantCulture, $"{Percentile(ratios, 0.5):F2} [{Percentile(ratios, 0.25):F2}, {Percentile(ratios, 0.75):F2}]");

    /// <summary>Median [quartiles] of the calls per second over the rounds.</summary>
    private static string PerSecond(List<double> seconds)
    {
        var perSecond = seconds.Select(s => 1 / s).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(perSecond, 0.5):F0} [{Percentile(perSecond, 0.25):F0}, {Percentile(perSecond, 0.75):F0}]");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }
}
