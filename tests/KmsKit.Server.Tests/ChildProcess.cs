using System.ComponentModel;
using System.Diagnostics;

namespace KmsKit.Server.Tests;

/// <summary>Runs a program to its end and collects what it wrote; a missing program is named with how to install it.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    public static Process Start(ProcessStartInfo start, string install)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{start.FileName} is needed on PATH ({install}).", e);
        }
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, string install)
    {
        using var process = Start(start, install);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await WaitForExitAsync(process, start);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs a program with <paramref name="input"/> on its stdin, and collects its stdout as bytes.</summary>
    public static async Task<(int ExitCode, byte[] Output, string Error)> RunAsync(ProcessStartInfo start, string install, byte[] input)
    {
        start.RedirectStandardInput = true;
        using var process = Start(start, install);
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of its input (a refused argument): its exit code tells.
        }

        await WaitForExitAsync(process, start);
        await copy;
        return (process.ExitCode, output.ToArray(), await error);
    }

    /// <summary>Waits a minute at most; a program still running then (a server that should have refused to start) is killed, not left behind.</summary>
    private static async Task WaitForExitAsync(Process process, ProcessStartInfo start)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} was still running after a minute, and was killed.");
        }
    }
}
