using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Benchmarks.Runtime;

/// <summary>
/// Issue 4's memory target: a 1 GiB file encrypted and decrypted Stream to Stream with a peak working set under 64 MiB.
/// Each pass runs in a child process of its own (this program, <c>--child</c>), which prints its peak resident set
/// (VmHWM), so that the figure is the whole process's and nothing the parent did counts. A plain copy of the file
/// gives the floor (runtime, JIT, file buffers). The files live in a temporary folder, deleted afterwards.
/// </summary>
internal static class StreamingMemory
{
    private const long TargetBytes = 64L << 20;
    private const int FileBufferSize = 1 << 16;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "--child")
        {
            return await ChildAsync(args[1], ushort.Parse(args[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture), args[3], args[4]);
        }

        var size = (long)ModeOptions.Get(args, "--mib", 1024) << 20;
        var folder = Directory.CreateTempSubdirectory("kmskit-bench-stream-").FullName;
        try
        {
            var plaintext = Path.Combine(folder, "plaintext");
            var message = Path.Combine(folder, "message");
            var decrypted = Path.Combine(folder, "decrypted");
            var expected = await WriteRandomFileAsync(plaintext, size);
            Console.WriteLine($"{size >> 20} MiB file, frame 4096, one child process per pass; peak working set (VmHWM), target under {TargetBytes >> 20} MiB");
            Report("copy (floor)", await RunChildAsync("copy", 0, plaintext, decrypted));
            File.Delete(decrypted);
            var failures = 0;
            foreach (var suite in new[] { AlgorithmSuite.Aes256GcmHkdfSha512CommitKey, AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384 })
            {
                var encrypt = await RunChildAsync("encrypt", suite.Id, plaintext, message);
                var decrypt = await RunChildAsync("decrypt", suite.Id, message, decrypted);
                var actual = await HashFileAsync(decrypted);
                if (!expected.AsSpan().SequenceEqual(actual))
                {
                    Console.Error.WriteLine($"0x{suite.Id:X4}: the decrypted file differs from the plaintext.");
                    failures++;
                }

                failures += Report($"0x{suite.Id:X4} encrypt", encrypt) + Report($"0x{suite.Id:X4} decrypt", decrypt);
                File.Delete(message);
                File.Delete(decrypted);
            }

            return failures == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> ChildAsync(string operation, ushort suiteId, string input, string output)
    {
        await using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, useAsync: true);
        await using var destination = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, FileBufferSize, useAsync: true);
        if (operation == "copy")
        {
            await source.CopyToAsync(destination);
        }
        else
        {
            using var keyring = new RawAesKeyring("kmskit-bench", "stream", CachedMaterials.WrappingKey);
            var manager = new DefaultCryptographicMaterialsManager(keyring);
            var client = new EncryptionClient(new EncryptionClientOptions { Suite = AlgorithmSuite.FromId(suiteId)! });
            await (operation == "encrypt"
                ? client.EncryptAsync(source, destination, manager)
                : client.DecryptAsync(source, destination, manager));
        }

        await destination.FlushAsync();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(self.PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task<(long PeakBytes, TimeSpan Elapsed)> RunChildAsync(string operation, ushort suiteId, string input, string output)
    {
        // Run as `dotnet KmsKit.Benchmarks.dll` or as the apphost, whichever started this process.
        var host = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            arguments.Add(typeof(StreamingMemory).Assembly.Location);
        }

        arguments.AddRange(["stream-memory", "--child", operation, suiteId.ToString("X4", CultureInfo.InvariantCulture), input, output]);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(new ProcessStartInfo(host, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return child.ExitCode == 0
            ? (long.Parse((await stdout).Trim(), CultureInfo.InvariantCulture), clock.Elapsed)
            : throw new InvalidOperationException($"{operation} 0x{suiteId:X4} failed (exit {child.ExitCode}): {await stderr}");
    }

    private static int Report(string pass, (long PeakBytes, TimeSpan Elapsed) result)
    {
        var met = result.PeakBytes < TargetBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pass,-16} peak {result.PeakBytes / (1024.0 * 1024.0),6:F1} MiB   {result.Elapsed.TotalSeconds,6:F1} s   {(met ? "under" : "OVER")} {TargetBytes >> 20} MiB"));
        return met ? 0 : 1;
    }

    private static async Task<byte[]> WriteRandomFileAsync(string path, long size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[1 << 20];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, FileBufferSize, useAsync: true);
        for (long written = 0; written < size; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            hash.AppendData(chunk);
            await file.WriteAsync(chunk);
        }

        return hash.GetHashAndReset();
    }

    private static async Task<byte[]> HashFileAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, useAsync: true);
        return await SHA256.HashDataAsync(file);
    }
}
