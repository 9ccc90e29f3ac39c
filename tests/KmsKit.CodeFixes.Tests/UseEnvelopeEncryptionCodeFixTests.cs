using Microsoft.CodeAnalysis;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.PlaintextExceedsEncryptLimitAnalyzer, KmsKit.CodeFixes.UseEnvelopeEncryptionCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class UseEnvelopeEncryptionCodeFixTests
{
    internal static string Helper { get; } = UseEnvelopeEncryptionCodeFix.Helper.Source();

    [Fact]
    public Task Rewrites_encrypt_and_the_matching_decrypt_and_adds_the_helper_once() => Verify.RunAsync(
        [
            """
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            public sealed class Archive(IAmazonKeyManagementService kms)
            {
                public async Task<byte[]> SealAsync(string path)
                {
                    // Whole files go to KMS.
                    var response = await {|#1:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/archive", Plaintext = {|#0:new MemoryStream(await File.ReadAllBytesAsync(path))|} })|};
                    return response.CiphertextBlob.ToArray();
                }

                public async Task<byte[]> OpenAsync(byte[] blob)
                {
                    var response = await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/archive", CiphertextBlob = new MemoryStream(blob) });
                    return response.Plaintext.ToArray();
                }
            }
            """,
        ],
        [
            """
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;
            using KmsKit.Envelope;

            public sealed class Archive(IAmazonKeyManagementService kms)
            {
                public async Task<byte[]> SealAsync(string path)
                {
                    // Whole files go to KMS.
                    var response = await EnvelopeEncryption.EncryptAsync(kms, new EncryptRequest { KeyId = "alias/archive", Plaintext = new MemoryStream(await File.ReadAllBytesAsync(path)) });
                    return response.CiphertextBlob.ToArray();
                }

                public async Task<byte[]> OpenAsync(byte[] blob)
                {
                    var response = await EnvelopeEncryption.DecryptAsync(kms, new DecryptRequest { KeyId = "alias/archive", CiphertextBlob = new MemoryStream(blob) });
                    return response.Plaintext.ToArray();
                }
            }
            """,
        ],
        diagnostics:
        [
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
                .WithArguments("The plaintext comes from File.ReadAllBytesAsync, whose size is unbounded", 4096),
        ],
        addedFiles: [("EnvelopeEncryption.cs", Helper)]);
}
