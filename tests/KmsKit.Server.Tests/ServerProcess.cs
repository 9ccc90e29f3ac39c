using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace KmsKit.Server.Tests;

/// <summary>
/// <c>kmskit serve --port 0 --ephemeral ...</c> (or with the given --data-dir) as a child process (SoftHSM2 serves one folder per process), from
/// <see cref="KmsKitTool"/>; the address is read from its "listening on" line.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    public ServerProcess(params string[] arguments)
    {
        string[] state = arguments.Contains("--data-dir") ? [] : ["--ephemeral"];
        _process = Process.Start(KmsKitTool.StartInfo(["serve", "--port", "0", .. state, .. arguments]))!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (StandardError)
            {
                StandardError.Add(e.Data ?? string.Empty);
            }
        };
        _process.BeginErrorReadLine();
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"kmskit serve exited: {string.Join('\n', StandardError)}");
        Assert.StartsWith("listening on http://127.0.0.1:", line);
        Url = line["listening on ".Length..];
    }

    public string Url { get; }

    public List<string> StandardError { get; } = [];

    /// <summary>The first line of standard error that starts with <paramref name="prefix"/>, waiting for it a few seconds.</summary>
    public async Task<string?> StandardErrorLineAsync(string prefix)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            lock (StandardError)
            {
                if (StandardError.Find(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

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
