using System;
using System.Globalization;
using KmsKit.Pkcs11.ConcurrencyWorker;
using KmsKit.Pkcs11.Engine;

// Usage: KmsKit.Pkcs11.ConcurrencyWorker FOLDER THREADS SECONDS
// Prints "created KEYID BASE64-CIPHERTEXT" per key, "error MESSAGE" per failure, then "operations N".
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: KmsKit.Pkcs11.ConcurrencyWorker FOLDER THREADS SECONDS");
    return 2;
}

using var kms = Pkcs11Kms.OpenEmbedded(args[0]);
var workload = new ConcurrencyWorkload(kms);
await workload.Run(int.Parse(args[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture)));
foreach (var (keyId, proof) in workload.Created)
{
    Console.WriteLine($"created {keyId} {Convert.ToBase64String(proof)}");
}

foreach (var error in workload.Errors)
{
    Console.WriteLine($"error {error}");
}

Console.WriteLine($"operations {workload.Operations}");
return workload.Errors.IsEmpty ? 0 : 1;
