using BenchmarkDotNet.Running;
using KmsKit.Benchmarks.Runtime;
using KmsKit.Benchmarks.Server;

// `server-load` is a load test (throughput under concurrency); `esdk-js` compares KmsKit with another process, the
// JavaScript ESDK; `encrypt-ratio` cross-checks the runtime benchmarks' ratios round by round on a loaded machine;
// `stream-memory` measures child processes' peak memory. Everything else is a BenchmarkDotNet benchmark, one class
// per measured target, picked with `--filter` (see README.md).
if (args.Length > 0 && args[0] == "server-load")
{
    return await ServerLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "audit-engine")
{
    return await AuditEngineCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "esdk-js")
{
    return await JavaScriptEsdkComparison.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "encrypt-ratio")
{
    return await PairedEncryptRatio.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "stream-memory")
{
    return await StreamingMemory.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
