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

        if (args.Contains("--audit"))
        {
            return await AuditCostAsync(tool, seconds, threads, ModeOptions.Get(args, "--rounds", 6), control: args.Contains("--control"));
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

    /// <summary>
    /// Issue 15's target: the audit log costs under 10% of GenerateDataKey throughput. Two servers side by side, one with
    /// <c>--audit-log</c>, loaded in alternating rounds (off then on, on then off ...) so that other work on the machine
    /// weighs on both alike; the cost is one minus the ratio of their total requests, beside the median of the rounds'
    /// ratios and each server's CPU time per request. <c>--control</c> runs the same with the audit log off on both: the
    /// spread that a loaded machine alone gives.
    /// </summary>
    private static async Task<int> AuditCostAsync(string tool, int seconds, int threads, int rounds, bool control)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-audit-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "audit.log");
        using var plain = Start(tool, []);
        using var audited = Start(tool, control ? [] : ["--audit-log", log]);
        try
        {
            var servers = new List<(string Name, Uri Url, string Body)>();
            foreach (var (name, server) in new[] { ("audit off", plain), (control ? "control" : "audit on", audited) })
            {
                var url = await ListeningUrl(server);
                using var setup = Client(url);
                var keyId = (await Send(setup, "CreateKey", """{"Description":"audit load"}""")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
                servers.Add((name, url, $$"""{"KeyId":"{{keyId}}","KeySpec":"AES_256"}"""));
            }

            Console.WriteLine($"GenerateDataKey, {threads} client threads, HTTP keep-alive, {rounds} rounds of {seconds} s per server (after 2 s of warm-up), alternating{(control ? "; control: no audit log on either server" : string.Empty)}");
            var totals = new long[2];
            var cpu = new double[2];
            var leastCpu = new[] { double.MaxValue, double.MaxValue };
            var ratios = new List<double>();
            var processes = new[] { plain, audited };
            for (var round = 1; round <= rounds; round++)
            {
                var perSecond = new double[2];
                foreach (var i in round % 2 == 1 ? new[] { 0, 1 } : [1, 0])
                {
                    var (name, url, body) = servers[i];
                    await Load(url, "GenerateDataKey", body, threads, TimeSpan.FromSeconds(2));
                    var before = CpuSeconds(processes[i]);
                    var (count, latencies) = await Load(url, "GenerateDataKey", body, threads, TimeSpan.FromSeconds(seconds));
                    var used = CpuSeconds(processes[i]) - before;
                    totals[i] += count;
                    cpu[i] += used;
                    leastCpu[i] = Math.Min(leastCpu[i], used * 1e6 / count);
                    perSecond[i] = count / (double)seconds;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"round {round}  {name,-9}  {perSecond[i],8:F0} req/s   p50 {Percentile(latencies, 0.50),6:F2} ms   p99 {Percentile(latencies, 0.99),6:F2} ms   server CPU {used * 1e6 / count,6:F1} us/request"));
                }

                ratios.Add(perSecond[1] / perSecond[0]);
            }

            ratios.Sort();
            var cost = 1 - (totals[1] / (double)totals[0]);
            var cpuOff = cpu[0] * 1e6 / totals[0];
            var cpuOn = cpu[1] * 1e6 / totals[1];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{servers[0].Name} {totals[0] / (double)(rounds * seconds):F0} req/s, {servers[1].Name} {totals[1] / (double)(rounds * seconds):F0} req/s: the audit log costs {cost * 100:F1}% of the throughput (median of the rounds' ratios: {(1 - ratios[ratios.Count / 2]) * 100:F1}%; target under 10%)"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"server CPU per request: {cpuOff:F1} us {servers[0].Name}, {cpuOn:F1} us {servers[1].Name} ({(cpuOn / cpuOff - 1) * 100:+0.0;-0.0}%); in the least disturbed round of each: {leastCpu[0]:F1} us, {leastCpu[1]:F1} us ({(leastCpu[1] / leastCpu[0] - 1) * 100:+0.0;-0.0}%)"));
            if (!control)
            {
                Console.WriteLine($"the audited server's log: {new FileInfo(log).Length / 1024} KiB written so far");
            }

            return 0;
        }
        finally
        {
            foreach (var server in new[] { plain, audited })
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>User and system CPU time of a process so far, from /proc (Linux; the server's platform).</summary>
    private static double CpuSeconds(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of proc(5), utime and stime, counted from the state (field 3) here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static Process Start(string tool, string[] arguments) =>
        Process.Start(new ProcessStartInfo("dotnet", [tool, "serve", "--port", "0", "--ephemeral", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

    private static async Task<Uri> ListeningUrl(Process server)
    {
        var line = await server.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("kmskit serve exited: " + await server.StandardError.ReadToEndAsync());
        return new Uri(line["listening on ".Length..]);
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
