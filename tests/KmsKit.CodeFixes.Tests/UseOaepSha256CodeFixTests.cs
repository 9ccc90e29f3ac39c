using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.WeakAsymmetricEncryptionAnalyzer, KmsKit.CodeFixes.UseOaepSha256CodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class UseOaepSha256CodeFixTests
{
    [Fact]
    public Task Replaces_the_field() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Wrapping
        {
            Task<EncryptResponse> Wrap(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = {|KMS007:EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1|}, // partner requirement
                    Plaintext = new MemoryStream(secret),
                });
        }
        """, """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Wrapping
        {
            Task<EncryptResponse> Wrap(IAmazonKeyManagementService kms, byte[] secret) =>
                kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, // partner requirement
                    Plaintext = new MemoryStream(secret),
                });
        }
        """);

    [Fact]
    public Task Replaces_a_string_on_decrypt_in_the_sync_sdk_without_a_using() => Verify.VerifyAsync("""
        class Wrapping
        {
            byte[] Unwrap(Amazon.KeyManagementService.IAmazonKeyManagementService kms, byte[] blob)
            {
                var request = new Amazon.KeyManagementService.Model.DecryptRequest { CiphertextBlob = new System.IO.MemoryStream(blob) };
                request.EncryptionAlgorithm = {|KMS007:"RSAES_OAEP_SHA_1"|};
                return kms.Decrypt(request).Plaintext.ToArray();
            }
        }
        """, """
        class Wrapping
        {
            byte[] Unwrap(Amazon.KeyManagementService.IAmazonKeyManagementService kms, byte[] blob)
            {
                var request = new Amazon.KeyManagementService.Model.DecryptRequest { CiphertextBlob = new System.IO.MemoryStream(blob) };
                request.EncryptionAlgorithm = Amazon.KeyManagementService.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256;
                return kms.Decrypt(request).Plaintext.ToArray();
            }
        }
        """, references: TestReferences.Net472WithKms);
}
