using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.DecryptWithoutKeyIdAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class DecryptWithoutKeyIdAnalyzerTests
{
    [Fact]
    public Task Flags_decrypt_with_only_a_ciphertext() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            async Task<byte[]> Open(IAmazonKeyManagementService kms, byte[] blob)
            {
                var response = await {|KMS303:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) })|};
                return response.Plaintext.ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_a_request_local_with_context_but_no_key_sync() => Verify.VerifySyncAsync("""
        using System.Collections.Generic;
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            MemoryStream Open(IAmazonKeyManagementService kms, MemoryStream blob, string tenant)
            {
                var request = new DecryptRequest { CiphertextBlob = blob };
                request.EncryptionContext = new Dictionary<string, string> { ["tenant"] = tenant };
                return {|KMS303:kms.Decrypt(request)|}.Plaintext;
            }
        }
        """);

    [Fact]
    public Task Flags_explicit_symmetric_default() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<DecryptResponse> Open(IAmazonKeyManagementService kms, MemoryStream blob, CancellationToken token) =>
                {|KMS303:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT }, token)|};
        }
        """);

    [Fact]
    public Task Does_not_flag_a_pinned_key() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

            Task<DecryptResponse> Open(IAmazonKeyManagementService kms, MemoryStream blob) =>
                kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = KeyArn });
        }
        """);

    [Fact]
    public Task Does_not_flag_an_asymmetric_decrypt() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<DecryptResponse> Open(IAmazonKeyManagementService kms, MemoryStream blob) =>
                kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256 });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_request_built_elsewhere() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<DecryptResponse> Open(IAmazonKeyManagementService kms, DecryptRequest request) => kms.DecryptAsync(request);

            Task<DecryptResponse> OpenPinned(IAmazonKeyManagementService kms, MemoryStream blob)
            {
                var request = new DecryptRequest { CiphertextBlob = blob };
                Pin(request);
                return kms.DecryptAsync(request);
            }

            static void Pin(DecryptRequest request) => request.KeyId = "alias/orders";
        }
        """);
}
