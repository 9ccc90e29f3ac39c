using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// <c>kmskit serve --port 0 --ephemeral ...</c> as a child process (SoftHSM2 serves one folder per process), from
/// the server's own build output; the address is read from its "listening on" line.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    public ServerProcess(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var tool = Repository.PathOf("runtime", "KmsKit.Server", "bin", configuration, "net8.0", "kmskit.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[tool, "serve", "--port", "0", "--ephemeral", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => StandardError.Add(e.Data ?? string.Empty);
        _process.BeginErrorReadLine();
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"kmskit serve exited: {string.Join('\n', StandardError)}");
        Assert.StartsWith("listening on http://127.0.0.1:", line);
        Url = line["listening on ".Length..];
    }

    public string Url { get; }

    public List<string> StandardError { get; } = [];

    public AmazonKeyManagementServiceClient Client(string region = "us-east-1", string accessKey = "AKIDEXAMPLE", string secret = "secret") =>
        new(new BasicAWSCredentials(accessKey, secret), new AmazonKeyManagementServiceConfig
        {
            ServiceURL = Url,
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        });

    /// <summary>Stops the server as a terminal does (SIGTERM) and waits for a clean exit.</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            Signal.Terminate(_process.Id);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill();
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}
