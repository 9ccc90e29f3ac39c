using System.Runtime.InteropServices;

namespace KmsKit.Server.Tests;

internal static class Signal
{
    private const int SigHup = 1;
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const int SigTerm = 15;

    public static void Terminate(int processId) => Send(processId, SigTerm, "SIGTERM");

    /// <summary>What Ctrl+C sends.</summary>
    public static void Interrupt(int processId) => Send(processId, SigInt, "SIGINT");

    /// <summary>A signal by its name: SIGHUP (the terminal went away), SIGINT, SIGQUIT (Ctrl+\) or SIGTERM.</summary>
    public static void Send(int processId, string name) => Send(processId, name switch
    {
        "SIGHUP" => SigHup,
        "SIGINT" => SigInt,
        "SIGQUIT" => SigQuit,
        "SIGTERM" => SigTerm,
        _ => throw new ArgumentException($"No signal {name}.", nameof(name)),
    }, name);

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
