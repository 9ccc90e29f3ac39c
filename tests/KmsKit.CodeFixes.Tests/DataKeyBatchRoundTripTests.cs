using System.Reflection;
using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// The code the KMS201 fix produces (the fixed <c>Sealer</c> with the <c>DataKeyBatch</c> helper it adds), compiled and run
/// against the PKCS#11 engine (SoftHSM2), with either helper (its own batch, or the runtime's cache): every record
/// decrypts under its stored data key, and the records share one data key per <c>MaxUsesPerDataKey</c> instead of one each.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DataKeyBatchRoundTripTests
{
    private readonly EnvelopeRoundTripTests.Engine _engine;

    public DataKeyBatchRoundTripTests(EnvelopeRoundTripTests.Engine engine) => _engine = engine;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_fixed_loop_seals_records_that_decrypt_under_one_data_key_per_batch(bool withRuntime)
    {
        await _engine.AliasAsync("alias/records");
        var sealer = await CompileSealerAsync(withRuntime ? HoistDataKeyCodeFix.CachedHelper.Source() : HoistDataKeyCodeFixTests.AsyncHelper);
        var records = Enumerable.Range(0, 2500).Select(i => RandomNumberGenerator.GetBytes(1 + (i % 300))).ToList();

        var task = (Task)sealer.GetType().GetMethod("SealAllAsync")!.Invoke(sealer, [records, "b-7", CancellationToken.None])!;
        await task;
        var sealedRecords = (List<(byte[] Key, byte[] Nonce, byte[] Sealed, byte[] Tag)>)task.GetType().GetProperty("Result")!.GetValue(task)!;

        Assert.Equal(records.Count, sealedRecords.Count);
        var context = new Dictionary<string, string> { ["batch"] = "b-7" };
        var dataKeys = new Dictionary<string, byte[]>();
        for (var i = 0; i < records.Count; i++)
        {
            var (wrapped, nonce, ciphertext, tag) = sealedRecords[i];
            var id = Convert.ToBase64String(wrapped);
            if (!dataKeys.TryGetValue(id, out var key))
            {
                key = (await _engine.Kms.DecryptAsync(new DecryptRequest { KeyId = _engine.KeyArn, CiphertextBlob = new MemoryStream(wrapped), EncryptionContext = context })).Plaintext.ToArray();
                dataKeys.Add(id, key);
            }

            var opened = new byte[ciphertext.Length];
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(nonce, ciphertext, tag, opened);
            Assert.Equal(records[i], opened);
        }

        // 2500 records, 1000 per data key: three data keys, where the loop before the fix asked KMS for 2500.
        Assert.Equal(3, dataKeys.Count);
        Assert.Equal(1000, sealedRecords.Count(r => Convert.ToBase64String(r.Key) == Convert.ToBase64String(sealedRecords[0].Key)));
        foreach (var key in dataKeys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The fix's output and a helper it adds, compiled as the fix tests verified them (against the running .NET, whose
    /// assemblies include KmsKit.Runtime), and a <c>Sealer</c> over the engine.
    /// </summary>
    private async Task<object> CompileSealerAsync(string helper)
    {
        var compilation = await AllAnalyzers.CompileAsync(
            TestReferences.RunningRuntimeWithKmsAndS3,
            [("Sealer.cs", HoistDataKeyCodeFixTests.SealerFixed), ("DataKeyBatch.cs", helper)]);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var assembly = Assembly.Load(image.ToArray());
        return Activator.CreateInstance(assembly.GetType("Sealer")!, _engine.Kms)!;
    }
}
