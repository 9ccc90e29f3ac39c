using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.UnusedPlaintextDataKeyAnalyzer, KmsKit.CodeFixes.UseGenerateDataKeyWithoutPlaintextCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class UseGenerateDataKeyWithoutPlaintextCodeFixTests
{
    [Fact]
    public Task Renames_the_call_and_the_request() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Provisioning
        {
            // Keys for workers that decrypt them later.
            async Task<byte[]> NewWorkerKey(IAmazonKeyManagementService kms, string worker)
            {
                var response = await {|KMS105:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
                {
                    KeyId = "alias/workers",
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string> { ["worker"] = worker },
                })|};
                return response.CiphertextBlob.ToArray();
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Provisioning
        {
            // Keys for workers that decrypt them later.
            async Task<byte[]> NewWorkerKey(IAmazonKeyManagementService kms, string worker)
            {
                var response = await kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest
                {
                    KeyId = "alias/workers",
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string> { ["worker"] = worker },
                });
                return response.CiphertextBlob.ToArray();
            }
        }
        """);

    [Fact]
    public Task Renames_written_types_in_the_sync_sdk() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Provisioning
        {
            byte[] NewWorkerKey(IAmazonKeyManagementService kms, string worker)
            {
                GenerateDataKeyRequest request = new GenerateDataKeyRequest
                {
                    KeyId = "alias/workers",
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string> { ["worker"] = worker },
                };
                GenerateDataKeyResponse response = {|KMS105:kms.GenerateDataKey(request)|};
                return response.CiphertextBlob.ToArray();
            }
        }
        """, """
        using System.Collections.Generic;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Provisioning
        {
            byte[] NewWorkerKey(IAmazonKeyManagementService kms, string worker)
            {
                GenerateDataKeyWithoutPlaintextRequest request = new GenerateDataKeyWithoutPlaintextRequest
                {
                    KeyId = "alias/workers",
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string> { ["worker"] = worker },
                };
                GenerateDataKeyWithoutPlaintextResponse response = kms.GenerateDataKeyWithoutPlaintext(request);
                return response.CiphertextBlob.ToArray();
            }
        }
        """, references: TestReferences.Net472WithKms);
}
