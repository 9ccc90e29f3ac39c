using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.KmsCallInLoopAnalyzer, KmsKit.CodeFixes.HoistDataKeyCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class HoistDataKeyCodeFixTests
{
    internal static string AsyncHelper { get; } = HelperText(sync: false);

    [Fact]
    public Task Hoists_an_awaited_call_out_of_a_foreach_loop() => Verify.RunAsync(
        [
            """
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
            """,
        ],
        [
            """
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
            """,
        ],
        diagnostics: [Verify.Diagnostic().WithLocation(0).WithArguments("GenerateDataKeyAsync", "of this foreach loop")],
        addedFiles: [("DataKeyBatch.cs", AsyncHelper)]);

    private static string HelperText(bool sync)
    {
        var template = HoistDataKeyCodeFix.Helper.Source();
        return sync
            ? System.Text.RegularExpressions.Regex.Replace(template, @"^ *// sync:(begin|end)\n", string.Empty, System.Text.RegularExpressions.RegexOptions.Multiline)
            : System.Text.RegularExpressions.Regex.Replace(template, @"^ *// sync:begin\n.*?^ *// sync:end\n", string.Empty, System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.Singleline);
    }
}
