using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.KmsCallInLoopAnalyzer, KmsKit.CodeFixes.HoistDataKeyCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class HoistDataKeyCodeFixTests
{
    private const string Sealer = """
        using System.Collections.Generic;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public sealed class Sealer(IAmazonKeyManagementService kms)
        {
            public async Task<List<(byte[] Key, byte[] Nonce, byte[] Sealed, byte[] Tag)>> SealAllAsync(IEnumerable<byte[]> records, string batch, CancellationToken cancellationToken)
            {
                var results = new List<(byte[], byte[], byte[], byte[])>();
                // One data key per record, sealed locally.
                foreach (var record in records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var dataKey = await {|#0:kms.GenerateDataKeyAsync(
                        new GenerateDataKeyRequest
                        {
                            KeyId = "alias/records",
                            KeySpec = DataKeySpec.AES_256,
                            EncryptionContext = new Dictionary<string, string> { ["batch"] = batch },
                        },
                        cancellationToken)|}.ConfigureAwait(false);
                    var key = dataKey.Plaintext.ToArray();
                    try
                    {
                        var nonce = RandomNumberGenerator.GetBytes(12);
                        var sealedRecord = new byte[record.Length];
                        var tag = new byte[16];
                        using var aes = new AesGcm(key, 16);
                        aes.Encrypt(nonce, record, sealedRecord, tag);
                        results.Add((dataKey.CiphertextBlob.ToArray(), nonce, sealedRecord, tag));
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(key);
                        CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                    }
                }

                return results;
            }
        }
        """;

    /// <summary>What the fix makes of <c>Sealer</c> (a data key per record); <see cref="DataKeyBatchRoundTripTests"/> runs it.</summary>
    internal const string SealerFixed = """
        using System.Collections.Generic;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using KmsKit.Envelope;

        public sealed class Sealer(IAmazonKeyManagementService kms)
        {
            public async Task<List<(byte[] Key, byte[] Nonce, byte[] Sealed, byte[] Tag)>> SealAllAsync(IEnumerable<byte[]> records, string batch, CancellationToken cancellationToken)
            {
                var results = new List<(byte[], byte[], byte[], byte[])>();
                using var dataKeys = new DataKeyBatch(kms, new GenerateDataKeyRequest
                {
                    KeyId = "alias/records",
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string> { ["batch"] = batch },
                });
                // One data key per record, sealed locally.
                foreach (var record in records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var dataKey = await dataKeys.NextAsync(cancellationToken).ConfigureAwait(false);
                    var key = dataKey.Plaintext.ToArray();
                    try
                    {
                        var nonce = RandomNumberGenerator.GetBytes(12);
                        var sealedRecord = new byte[record.Length];
                        var tag = new byte[16];
                        using var aes = new AesGcm(key, 16);
                        aes.Encrypt(nonce, record, sealedRecord, tag);
                        results.Add((dataKey.CiphertextBlob.ToArray(), nonce, sealedRecord, tag));
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(key);
                        CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                    }
                }

                return results;
            }
        }
        """;

    internal static string AsyncHelper { get; } = HoistDataKeyCodeFix.PlainHelperSource(sync: false);

    [Fact]
    public Task Hoists_an_awaited_call_out_of_a_foreach_loop() => Verify.RunAsync(
        [Sealer],
        [SealerFixed],
        diagnostics: [Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this foreach loop")],
        addedFiles: [("DataKeyBatch.cs", AsyncHelper)]);

    [Fact]
    public Task Takes_the_keys_from_the_runtime_cache_when_the_runtime_is_referenced() => Verify.RunAsync(
        [Sealer],
        [SealerFixed],
        diagnostics: [Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this foreach loop")],
        addedFiles: [("DataKeyBatch.cs", HoistDataKeyCodeFix.CachedHelper.Source())],
        additionalReferences: RuntimeReferences.All);

    [Fact]
    public Task Is_not_offered_with_the_runtime_for_keys_it_does_not_cache() => Verify.VerifyNotOfferedAsync(
        Sealer.Replace("KeySpec = DataKeySpec.AES_256", "NumberOfBytes = 16", StringComparison.Ordinal),
        RuntimeReferences.All,
        Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this foreach loop"));

    [Fact]
    public Task Hoists_a_sync_call_out_of_a_for_loop_in_the_net_framework_sdk() => Verify.RunAsync(
        [
            """
            using System;
            using System.Collections.Generic;
            using System.Security.Cryptography;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Tagger
            {
                private readonly IAmazonKeyManagementService _kms;
                private readonly string _keyId;

                public Tagger(IAmazonKeyManagementService kms, string keyId)
                {
                    _kms = kms;
                    _keyId = keyId;
                }

                public List<byte[]> Tag(IReadOnlyList<byte[]> records, Dictionary<string, string> context)
                {
                    var tags = new List<byte[]>();
                    for (var i = 0; i < records.Count; i++)
                    {
                        var dataKey = {|#0:_kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = _keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = context })|}; // per record
                        var key = dataKey.Plaintext.ToArray();
                        try
                        {
                            using (var hmac = new HMACSHA256(key))
                            {
                                tags.Add(hmac.ComputeHash(records[i]));
                            }
                        }
                        finally
                        {
                            Array.Clear(key, 0, key.Length);
                            Array.Clear(dataKey.Plaintext.GetBuffer(), 0, (int)dataKey.Plaintext.Length);
                        }
                    }

                    return tags;
                }
            }
            """,
        ],
        [
            """
            using System;
            using System.Collections.Generic;
            using System.Security.Cryptography;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;
            using KmsKit.Envelope;

            class Tagger
            {
                private readonly IAmazonKeyManagementService _kms;
                private readonly string _keyId;

                public Tagger(IAmazonKeyManagementService kms, string keyId)
                {
                    _kms = kms;
                    _keyId = keyId;
                }

                public List<byte[]> Tag(IReadOnlyList<byte[]> records, Dictionary<string, string> context)
                {
                    var tags = new List<byte[]>();
                    using var dataKeys = new DataKeyBatch(_kms, new GenerateDataKeyRequest { KeyId = _keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = context });
                    for (var i = 0; i < records.Count; i++)
                    {
                        var dataKey = dataKeys.Next(); // per record
                        var key = dataKey.Plaintext.ToArray();
                        try
                        {
                            using (var hmac = new HMACSHA256(key))
                            {
                                tags.Add(hmac.ComputeHash(records[i]));
                            }
                        }
                        finally
                        {
                            Array.Clear(key, 0, key.Length);
                            Array.Clear(dataKey.Plaintext.GetBuffer(), 0, (int)dataKey.Plaintext.Length);
                        }
                    }

                    return tags;
                }
            }
            """,
        ],
        diagnostics: [Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKey", "of this for loop")],
        addedFiles: [("DataKeyBatch.cs", HoistDataKeyCodeFix.PlainHelperSource(sync: true))],
        references: TestReferences.Net472WithKms);

    [Fact]
    public Task Fix_all_gives_each_loop_its_own_batch_and_adds_the_helper_once() => Verify.RunAsync(
        [
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            static class Keys
            {
                static readonly Dictionary<string, string> Context = new() { ["app"] = "ledger" };

                public static async Task<int> WrapAsync(IAmazonKeyManagementService kms, int count)
                {
                    var total = 0;
                    while (total < count)
                    {
                        total += await Wrapped(await {|#0:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/a", NumberOfBytes = 32, EncryptionContext = Context })|});
                    }

                    do
                    {
                        total -= await Wrapped(await {|#1:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/b", NumberOfBytes = 32, EncryptionContext = Context })|});
                    }
                    while (total > 0);

                    return total;
                }

                static Task<int> Wrapped(GenerateDataKeyResponse dataKey)
                {
                    System.Array.Clear(dataKey.Plaintext.GetBuffer());
                    return Task.FromResult(dataKey.CiphertextBlob.ToArray().Length);
                }
            }
            """,
        ],
        [
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;
            using KmsKit.Envelope;

            static class Keys
            {
                static readonly Dictionary<string, string> Context = new() { ["app"] = "ledger" };

                public static async Task<int> WrapAsync(IAmazonKeyManagementService kms, int count)
                {
                    var total = 0;
                    using var dataKeys = new DataKeyBatch(kms, new GenerateDataKeyRequest { KeyId = "alias/a", NumberOfBytes = 32, EncryptionContext = Context });
                    while (total < count)
                    {
                        total += await Wrapped(await dataKeys.NextAsync());
                    }

                    using var dataKeys2 = new DataKeyBatch(kms, new GenerateDataKeyRequest { KeyId = "alias/b", NumberOfBytes = 32, EncryptionContext = Context });
                    do
                    {
                        total -= await Wrapped(await dataKeys2.NextAsync());
                    }
                    while (total > 0);

                    return total;
                }

                static Task<int> Wrapped(GenerateDataKeyResponse dataKey)
                {
                    System.Array.Clear(dataKey.Plaintext.GetBuffer());
                    return Task.FromResult(dataKey.CiphertextBlob.ToArray().Length);
                }
            }
            """,
        ],
        diagnostics:
        [
            Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this while loop"),
            Verify.Diagnostic().WithLocation(1).WithArguments("GenerateDataKeyAsync", "of this do loop"),
        ],
        addedFiles: [("DataKeyBatch.cs", AsyncHelper)]);

    [Fact]
    public Task Hoists_with_a_request_local_and_a_name_the_method_does_not_use() => Verify.RunAsync(
        [
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Wrapper
            {
                async Task<List<byte[]>> WrapAsync(IAmazonKeyManagementService kms, int count)
                {
                    var dataKeys = new List<byte[]>();
                    var request = new GenerateDataKeyRequest { KeyId = "alias/a", KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["app"] = "x" } };

                    /* wrapped keys for the workers */
                    for (var worker = 0; worker < count; worker++)
                    {
                        var dataKey = await {|#0:kms.GenerateDataKeyAsync(request)|};
                        System.Array.Clear(dataKey.Plaintext.GetBuffer());
                        dataKeys.Add(dataKey.CiphertextBlob.ToArray());
                    }

                    return dataKeys;
                }
            }
            """,
        ],
        [
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;
            using KmsKit.Envelope;

            class Wrapper
            {
                async Task<List<byte[]>> WrapAsync(IAmazonKeyManagementService kms, int count)
                {
                    var dataKeys = new List<byte[]>();
                    var request = new GenerateDataKeyRequest { KeyId = "alias/a", KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["app"] = "x" } };

                    using var dataKeys2 = new DataKeyBatch(kms, request);
                    /* wrapped keys for the workers */
                    for (var worker = 0; worker < count; worker++)
                    {
                        var dataKey = await dataKeys2.NextAsync();
                        System.Array.Clear(dataKey.Plaintext.GetBuffer());
                        dataKeys.Add(dataKey.CiphertextBlob.ToArray());
                    }

                    return dataKeys;
                }
            }
            """,
        ],
        diagnostics: [Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this for loop")],
        addedFiles: [("DataKeyBatch.cs", AsyncHelper)]);

    [Theory]
    [InlineData("""EncryptionContext = new Dictionary<string, string> { ["record"] = record }""")] // differs per item
    [InlineData("""EncryptionContext = context""")] // changed in the loop below
    [InlineData("""EncryptionContext = NextContext()""")] // evaluated per item
    public Task Is_not_offered_when_the_request_differs_per_item(string contextMember) => Verify.VerifyNotOfferedAsync($$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Wrapper
        {
            async Task WrapAsync(IAmazonKeyManagementService kms, List<string> records, Dictionary<string, string> context, List<byte[]> wrapped)
            {
                foreach (var record in records)
                {
                    var dataKey = await {|#0:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/a", KeySpec = DataKeySpec.AES_256, {{contextMember}} })|};
                    System.Array.Clear(dataKey.Plaintext.GetBuffer());
                    wrapped.Add(dataKey.CiphertextBlob.ToArray());
                    context["last"] = record;
                }
            }

            static Dictionary<string, string> NextContext() => new() { ["n"] = "1" };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this foreach loop"));

    [Fact]
    public Task Is_not_offered_in_a_lambda_which_may_run_in_parallel() => Verify.VerifyNotOfferedAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Wrapper
        {
            Task<byte[][]> WrapAsync(IAmazonKeyManagementService kms, List<string> records) =>
                Task.WhenAll(records.Select(async record =>
                {
                    var dataKey = await {|#0:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/a", KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["app"] = "x" } })|};
                    System.Array.Clear(dataKey.Plaintext.GetBuffer());
                    return dataKey.CiphertextBlob.ToArray();
                }));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "in this Select projection"));

    [Fact] // A read-only field's dictionary changed per item: the batch's keys are bound to one context for every item.
    public Task Is_not_offered_when_the_loop_changes_a_read_only_field_the_request_reads() => Verify.VerifyNotOfferedAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Sealer
        {
            private readonly IAmazonKeyManagementService _kms;
            private readonly Dictionary<string, string> _context = new();
            public Sealer(IAmazonKeyManagementService kms) => _kms = kms;

            async Task<List<MemoryStream>> Seal(IEnumerable<string> ids)
            {
                var wrapped = new List<MemoryStream>();
                foreach (var id in ids)
                {
                    _context["record"] = id;
                    var dataKey = await {|KMS201:_kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256, EncryptionContext = _context })|};
                    wrapped.Add(dataKey.CiphertextBlob);
                }
                return wrapped;
            }
        }
        """);

    [Fact] // CS8649: the using declaration lands after a label that a later goto jumps back to.
    public Task Is_not_offered_when_a_goto_jumps_back_over_the_new_using_declaration() => Verify.VerifyNotOfferedAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Sealer
        {
            async Task<int> Seal(IAmazonKeyManagementService kms, string[] ids)
            {
                var attempts = 0;
            retry:
                attempts++;
                var count = 0;
                foreach (var id in ids)
                {
                    var dataKey = await {|KMS201:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 })|};
                    count += dataKey.CiphertextBlob.Length > 0 ? 1 : 0;
                }
                if (count < ids.Length && attempts < 3) goto retry;
                return count;
            }
        }
        """);
}
