using System.Diagnostics;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>The kmskit tool from the server project's own build output (bin/CONFIGURATION/net8.0).</summary>
internal static class KmsKitTool
{
    public static string Assembly { get; } = Repository.PathOf(
        "runtime", "KmsKit.Server", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net8.0", "kmskit.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments) => ChildProcess.StartInfo("dotnet", [Assembly, .. arguments]);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) =>
        ChildProcess.RunAsync(StartInfo(arguments), "the .NET SDK");

    public static Task<(int ExitCode, byte[] Output, string Error)> RunAsync(byte[] input, params string[] arguments) =>
        ChildProcess.RunAsync(StartInfo(arguments), "the .NET SDK", input);
}
