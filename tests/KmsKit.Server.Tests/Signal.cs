using System.Runtime.InteropServices;

namespace KmsKit.Server.Tests;

internal static class Signal
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    public static void Terminate(int processId) => Send(processId, SigTerm, "SIGTERM");

    /// <summary>What Ctrl+C sends.</summary>
    public static void Interrupt(int processId) => Send(processId, SigInt, "SIGINT");

    private static void Send(int processId, int signal, string name)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {name}) failed.");
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
