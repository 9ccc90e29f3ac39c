using System.Runtime.InteropServices;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// The CPU time of this process, all its threads (the GC's among them), in seconds: on a machine that other work loads,
/// the time a method spends waiting for a core does not count, as it does in wall-clock time. Linux only.
/// </summary>
internal static class ProcessCpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static bool IsAvailable => OperatingSystem.IsLinux();

    public static double Seconds()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return time.Seconds + (time.Nanoseconds / 1e9);
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
