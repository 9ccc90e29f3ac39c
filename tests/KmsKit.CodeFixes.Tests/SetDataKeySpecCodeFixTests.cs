using KmsKit.Analyzers.Rules;
using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.DataKeySizeAnalyzer, KmsKit.CodeFixes.SetDataKeySpecCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class SetDataKeySpecCodeFixTests
{
    [Fact]
    public Task Removes_NumberOfBytes_from_the_initializer() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyAsync(new {|KMS004:GenerateDataKeyRequest|}
                {
                    KeyId = "alias/app", // the application key
                    EncryptionContext = new() { ["app"] = "orders" },
                    KeySpec = DataKeySpec.AES_256,
                    NumberOfBytes = 32,
                });
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
                {
                    KeyId = "alias/app", // the application key
                    EncryptionContext = new() { ["app"] = "orders" },
                    KeySpec = DataKeySpec.AES_256,
                });
        }
        """);

    [Fact]
    public Task Removes_a_NumberOfBytes_statement_in_the_sync_sdk() => Verify.VerifyAsync("""
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            GenerateDataKeyResponse NewKey(IAmazonKeyManagementService kms)
            {
                var request = new {|KMS004:GenerateDataKeyRequest|} { KeyId = "alias/app", KeySpec = DataKeySpec.AES_128, EncryptionContext = new() { ["app"] = "orders" } };
                request.NumberOfBytes = 16;
                return kms.GenerateDataKey(request);
            }
        }
        """, """
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            GenerateDataKeyResponse NewKey(IAmazonKeyManagementService kms)
            {
                var request = new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_128, EncryptionContext = new() { ["app"] = "orders" } };
                return kms.GenerateDataKey(request);
            }
        }
        """, references: TestReferences.Net472WithKms);

    [Fact]
    public Task Adds_KeySpec_to_an_existing_initializer() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            Task<GenerateDataKeyWithoutPlaintextResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyWithoutPlaintextAsync(new {|KMS004:GenerateDataKeyWithoutPlaintextRequest|} { KeyId = "alias/app", EncryptionContext = new() { ["app"] = "orders" } });
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            Task<GenerateDataKeyWithoutPlaintextResponse> NewKey(IAmazonKeyManagementService kms) =>
                kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = "alias/app", EncryptionContext = new() { ["app"] = "orders" }, KeySpec = DataKeySpec.AES_256 });
        }
        """);

    [Fact]
    public Task Adds_an_initializer_with_KeySpec() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            async Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new {|KMS004:GenerateDataKeyRequest|}();
                request.KeyId = keyId;
                request.EncryptionContext = new() { ["app"] = "orders" };
                return await kms.GenerateDataKeyAsync(request);
            }
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            async Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new GenerateDataKeyRequest() { KeySpec = DataKeySpec.AES_256 };
                request.KeyId = keyId;
                request.EncryptionContext = new() { ["app"] = "orders" };
                return await kms.GenerateDataKeyAsync(request);
            }
        }
        """);
}
