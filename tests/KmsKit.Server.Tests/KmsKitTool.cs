using System.Diagnostics;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>The kmskit tool from the server project's own build output (bin/CONFIGURATION/net8.0).</summary>
internal static class KmsKitTool
{
    public static string Assembly { get; } = Repository.PathOf(
        "runtime", "KmsKit.Server", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net8.0", "kmskit.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
