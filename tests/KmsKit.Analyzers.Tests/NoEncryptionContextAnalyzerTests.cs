using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.NoEncryptionContextAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class NoEncryptionContextAnalyzerTests
{
    [Fact]
    public Task Flags_encrypt_without_context() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                {|KMS304:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) })|};
        }
        """);

    [Fact]
    public Task Flags_generate_data_key_sync() => Verify.VerifySyncAsync("""
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            GenerateDataKeyResponse NewKey(IAmazonKeyManagementService kms)
            {
                var request = new GenerateDataKeyRequest { KeyId = "alias/app" };
                request.KeySpec = DataKeySpec.AES_256;
                return kms.GenerateDataKey(request);
            }
        }
        """, Verify.Diagnostic().WithMessage("GenerateDataKey has no EncryptionContext; bind the ciphertext to what it protects").WithSpan(10, 16, 10, 44));

    [Fact]
    public Task Flags_generate_data_key_without_plaintext_and_pair() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            async Task NewKeys(IAmazonKeyManagementService kms)
            {
                await {|KMS304:kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 })|};
                await {|KMS304:kms.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = "alias/app", KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256 })|};
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_request_with_context() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret, string orderId) =>
                kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/app",
                    Plaintext = new MemoryStream(secret),
                    EncryptionContext = new Dictionary<string, string> { ["order"] = orderId },
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_asymmetric_encrypt() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/rsa", Plaintext = new MemoryStream(secret), EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256 });
        }
        """);

    [Fact]
    public Task Does_not_flag_context_added_later_or_requests_from_elsewhere() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Envelope
        {
            Task<GenerateDataKeyResponse> NewKey(IAmazonKeyManagementService kms, string tenant)
            {
                var request = new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 };
                request.EncryptionContext = new Dictionary<string, string>();
                request.EncryptionContext["tenant"] = tenant;
                return kms.GenerateDataKeyAsync(request);
            }

            Task<GenerateDataKeyResponse> FromCaller(IAmazonKeyManagementService kms, GenerateDataKeyRequest request) =>
                kms.GenerateDataKeyAsync(request);
        }
        """);
}
