using System.Diagnostics;
using System.Globalization;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Engine;

namespace KmsKit.Benchmarks.Server;

/// <summary>
/// What the audit log costs one call, in process: GenerateDataKey on two engines over the same token and store, one
/// with an audit file, in alternating blocks; the CPU time of the whole process (the log's writer thread included) per
/// call, the least disturbed block of each. The server-load --audit comparison measures the same through HTTP, where
/// a loaded machine blurs a difference of a few microseconds; this one puts a number of microseconds on it.
/// </summary>
internal static class AuditEngineCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = ModeOptions.Get(args, "--rounds", 30);
        var calls = ModeOptions.Get(args, "--calls", 3000);
        var folder = Directory.CreateTempSubdirectory("kmskit-bench-audit-").FullName;
        try
        {
            using var plain = Pkcs11Kms.OpenEmbedded(Path.Combine(folder, "engine"));
            using var audited = Pkcs11Kms.OpenEmbedded(Path.Combine(folder, "engine"), new Pkcs11KmsOptions
            {
                Audit = new AuditOptions { FilePath = Path.Combine(folder, "audit.log") },
            });
            var keyId = (await plain.CreateKeyAsync(new CreateKeyRequest { Description = "audit cost" })).KeyMetadata.KeyId;
            var request = new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 };
            var engines = new IAmazonKeyManagementService[] { plain, audited };
            var perCall = new[] { new List<double>(), new List<double>() };
            for (var round = 0; round <= rounds; round++)
            {
                foreach (var i in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                {
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    for (var call = 0; call < calls; call++)
                    {
                        await engines[i].GenerateDataKeyAsync(request);
                    }

                    if (i == 1)
                    {
                        await audited.Core.AuditLog!.FlushAsync();
                    }

                    if (round > 0)
                    {
                        // Round 0 warms up both.
                        perCall[i].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / calls);
                    }
                }
            }

            var (least, median) = (perCall.Select(p => p.Min()).ToArray(), perCall.Select(p => p.Order().ElementAt(p.Count / 2)).ToArray());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GenerateDataKey in process, {rounds} alternating blocks of {calls} calls, CPU time of the process per call:"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"least disturbed block: {least[0]:F1} us without the audit log, {least[1]:F1} us with it: {least[1] - least[0]:F1} us per call"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median block:          {median[0]:F1} us without the audit log, {median[1]:F1} us with it: {median[1] - median[0]:F1} us per call"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
