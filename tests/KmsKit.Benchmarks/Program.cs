using BenchmarkDotNet.Running;
using KmsKit.Benchmarks.Server;

// `server-load` is a load test (throughput under concurrency); everything else is a BenchmarkDotNet benchmark, one
// class per measured target, picked with `--filter` (see README.md).
if (args.Length > 0 && args[0] == "server-load")
{
    return await ServerLoad.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
