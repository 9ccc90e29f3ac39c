using System.Diagnostics;

namespace KmsKit.Pkcs11.Tests;

/// <summary>The concurrency worker run as a second process on the fixture's folder (same token, same store).</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private WorkerProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    public static WorkerProcess Start(string folder, int threads, TimeSpan duration)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "KmsKit.Pkcs11.ConcurrencyWorker.dll"), folder, $"{threads}", $"{duration.TotalSeconds}" })
        {
            start.ArgumentList.Add(argument);
        }

        return new WorkerProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the worker, asserts it succeeded, and returns the keys it created with their proof ciphertexts.</summary>
    public async Task<Dictionary<string, byte[]>> Finish()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        var lines = (await _output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var report = string.Join("\n", lines.Where(l => !l.StartsWith("created ", StringComparison.Ordinal)));
        Assert.True(_process.ExitCode == 0, $"worker failed ({_process.ExitCode}):\n{report}\n{await _errors}");
        return lines.Where(l => l.StartsWith("created ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(parts => parts[1], parts => Convert.FromBase64String(parts[2]));
    }

    public void Dispose() => _process.Dispose();
}
