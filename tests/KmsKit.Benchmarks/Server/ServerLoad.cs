using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KmsKit.Tests.Shared;

namespace KmsKit.Benchmarks.Server;

/// <summary>
/// Issue 7's target: GenerateDataKey and Decrypt over HTTP keep-alive from 2 client threads for 10 s against
/// <c>kmskit serve --ephemeral</c> on 127.0.0.1; requests per second and latency percentiles. A load test rather than
/// a BenchmarkDotNet class: the figure is a throughput under concurrency. The requests are built once and sent
/// unsigned (the local-development server accepts them), so that the client on the same two cores costs little.
/// </summary>
internal static class ServerLoad
{
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ModeOptions.Get(args, "--seconds", 10);
        var threads = ModeOptions.Get(args, "--threads", 2);
        var tool = Repository.PathOf("runtime", "KmsKit.Server", "bin", "Release", "net8.0", "kmskit.dll");
        if (!File.Exists(tool))
        {
            Console.Error.WriteLine($"{tool} is missing: build the benchmarks in Release first (dotnet build -c Release tests/KmsKit.Benchmarks).");
            return 1;
        }

        using var server = Process.Start(new ProcessStartInfo("dotnet", [tool, "serve", "--port", "0", "--ephemeral"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var line = await server.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("kmskit serve exited: " + await server.StandardError.ReadToEndAsync());
            var url = new Uri(line["listening on ".Length..]);
            using var setup = Client(url);
            var keyId = (await Send(setup, "CreateKey", """{"Description":"server load"}""")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
            var generate = $$"""{"KeyId":"{{keyId}}","KeySpec":"AES_256"}""";
            var blob = (await Send(setup, "GenerateDataKey", generate)).GetProperty("CiphertextBlob").GetString();
            var decrypt = $$"""{"CiphertextBlob":"{{blob}}","KeyId":"{{keyId}}"}""";

            Console.WriteLine($"kmskit serve --ephemeral on {url}; {threads} client threads, HTTP keep-alive, {seconds} s per operation after a 2 s warm-up");
            foreach (var (operation, body) in new[] { ("GenerateDataKey", generate), ("Decrypt", decrypt) })
            {
                await Load(url, operation, body, threads, TimeSpan.FromSeconds(2));
                var (count, latencies) = await Load(url, operation, body, threads, TimeSpan.FromSeconds(seconds));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{operation,-16} {count / (double)seconds,8:F0} req/s   p50 {Percentile(latencies, 0.50),6:F2} ms   p99 {Percentile(latencies, 0.99),6:F2} ms   ({count} requests)"));
            }

            return 0;
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Each thread sends one request at a time on its own connection until the time is up.</summary>
    private static async Task<(long Count, double[] LatenciesMs)> Load(Uri url, string operation, string body, int threads, TimeSpan duration)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            using var client = Client(url);
            var latencies = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = Request(operation, content);
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}");
                }

                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return latencies;
        })).ToArray();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToArray();
        Array.Sort(all);
        return (all.Length, all);
    }

    private static HttpClient Client(Uri url) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 1 }) { BaseAddress = url };

    private static HttpRequestMessage Request(string operation, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = AmzJson;
        request.Headers.Add("X-Amz-Target", "TrentService." + operation);
        return request;
    }

    private static async Task<JsonElement> Send(HttpClient client, string operation, string body)
    {
        using var request = Request(operation, Encoding.UTF8.GetBytes(body));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}: {text}");
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length))];
}
