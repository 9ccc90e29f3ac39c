using Microsoft.CodeAnalysis;
using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.SignMessageAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class SignMessageAnalyzerTests
{
    private const string Usings = """
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_raw_message_over_4096_bytes() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            Task<SignResponse> Sign(IAmazonKeyManagementService kms) =>
                kms.SignAsync(new SignRequest
                {
                    KeyId = "alias/signing",
                    SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
                    MessageType = MessageType.RAW,
                    Message = {|#0:new MemoryStream(new byte[8192])|},
                });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)
            .WithArguments("Sign with MessageType RAW takes at most 4096 bytes and this message is 8192; sign a digest (MessageType.DIGEST)"));

    [Fact]
    public Task Flags_a_file_signed_raw_by_default_with_a_warning() => Verify.VerifyAsync(Usings + """
        class Releases
        {
            async Task<SignResponse> SignArtifact(IAmazonKeyManagementService kms, string path)
            {
                var request = new SignRequest { KeyId = "alias/release", SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_256 };
                request.Message = {|#0:new MemoryStream(await File.ReadAllBytesAsync(path))|};
                return await kms.SignAsync(request);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("Sign with MessageType RAW takes at most 4096 bytes and this message comes from File.ReadAllBytesAsync, whose size is unbounded; sign a digest (MessageType.DIGEST)"));

    [Fact]
    public Task Flags_a_digest_of_the_wrong_length() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            Task<SignResponse> Sign(IAmazonKeyManagementService kms, byte[] document) =>
                kms.SignAsync(new SignRequest
                {
                    KeyId = "alias/signing",
                    SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
                    MessageType = MessageType.DIGEST,
                    Message = {|#0:new MemoryStream(SHA384.HashData(document))|},
                });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)
            .WithArguments("Sign with MessageType DIGEST and ECDSA_SHA_256 needs a 32-byte digest, but SHA384.HashData gives 48 bytes"));

    [Fact]
    public Task Flags_a_wrong_digest_in_verify_with_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Checker
        {
            bool Check(IAmazonKeyManagementService kms, byte[] document, byte[] signature)
            {
                using (var sha = SHA256.Create())
                {
                    var digest = sha.ComputeHash(document);
                    var response = kms.Verify(new VerifyRequest
                    {
                        KeyId = "alias/signing",
                        SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512,
                        MessageType = MessageType.DIGEST,
                        Message = {|#0:new MemoryStream(digest)|},
                        Signature = new MemoryStream(signature),
                    });
                    return response.SignatureValid == true;
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)
            .WithArguments("Verify with MessageType DIGEST and RSASSA_PKCS1_V1_5_SHA_512 needs a 64-byte digest, but SHA256.ComputeHash gives 32 bytes"));

    [Fact]
    public Task Does_not_flag_a_matching_digest() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            Task<SignResponse> Sign(IAmazonKeyManagementService kms, byte[] document) =>
                kms.SignAsync(new SignRequest
                {
                    KeyId = "alias/signing",
                    SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_384,
                    MessageType = MessageType.DIGEST,
                    Message = new MemoryStream(SHA384.HashData(document)),
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_small_raw_message() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            Task<SignResponse> Sign(IAmazonKeyManagementService kms) =>
                kms.SignAsync(new SignRequest
                {
                    KeyId = "alias/signing",
                    SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
                    Message = new MemoryStream(RandomNumberGenerator.GetBytes(64)),
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_digested_file_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Releases
        {
            SignResponse SignArtifact(IAmazonKeyManagementService kms, string path)
            {
                byte[] digest;
                using (var sha = SHA512.Create())
                using (var file = File.OpenRead(path))
                {
                    digest = sha.ComputeHash(file);
                }

                return kms.Sign(new SignRequest
                {
                    KeyId = "alias/release",
                    SigningAlgorithm = SigningAlgorithmSpec.RSASSA_PSS_SHA_512,
                    MessageType = MessageType.DIGEST,
                    Message = new MemoryStream(digest),
                });
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_message_of_unknown_size() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            Task<SignResponse> Sign(IAmazonKeyManagementService kms, byte[] token) =>
                kms.SignAsync(new SignRequest { KeyId = "alias/signing", SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256, Message = new MemoryStream(token) });
        }
        """);
}
