using KmsKit.Fuzz;
using KmsKit.Tests.Shared;
using SharpFuzz;

// kmskit-fuzz seed [CORPUS-ROOT]   writes the seed corpora (default: this project's corpus folder)
// kmskit-fuzz TARGET               runs TARGET under afl-fuzz (SharpFuzz out-of-process mode)
if (args is ["seed", ..])
{
    Seeds.Write(args.Length > 1 ? args[1] : Repository.PathOf("tests", "KmsKit.Fuzz", "corpus"), Repository.Shared);
    return 0;
}

if (args is [var target] && Targets.Names.Contains(target))
{
    // Nothing instrumented may run before this call: the targets first touch KmsKit's code inside the callback.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Targets.Run(target, buffer.ToArray());
    });
    return 0;
}

Console.Error.WriteLine($"usage: KmsKit.Fuzz seed [CORPUS-ROOT] | KmsKit.Fuzz TARGET  (targets: {string.Join(", ", Targets.Names)})");
return 2;
