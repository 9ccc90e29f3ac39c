using Microsoft.CodeAnalysis;
using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.PlaintextExceedsEncryptLimitAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class PlaintextExceedsEncryptLimitAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_constant_size_buffer_over_4096_bytes_as_an_error() => Verify.VerifyAsync(Usings + """
        class Archive
        {
            async Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, string keyId)
            {
                var page = new byte[5000];
                return await {|#1:kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = {|#0:new MemoryStream(page)|} })|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Error).WithArguments("The plaintext is 5000 bytes", 4096));

    [Fact]
    public Task Flags_a_file_as_unbounded_with_a_warning() => Verify.VerifyAsync(Usings + """
        class Archive
        {
            async Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, string keyId, string path)
            {
                var request = new EncryptRequest { KeyId = keyId };
                request.Plaintext = {|#0:new MemoryStream(await File.ReadAllBytesAsync(path))|};
                return await {|#1:kms.EncryptAsync(request)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("The plaintext comes from File.ReadAllBytesAsync, whose size is unbounded", 4096));

    [Fact]
    public Task Flags_a_copied_request_body() => Verify.VerifyAsync(Usings + """
        class Upload
        {
            async Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, Stream body)
            {
                var buffer = new MemoryStream();
                await body.CopyToAsync(buffer);
                buffer.Position = 0;
                return await {|#1:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/uploads", Plaintext = {|#0:buffer|} })|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("The plaintext comes from Stream.CopyToAsync, whose size is unbounded", 4096));

    [Fact]
    public Task Flags_a_serialized_document() => Verify.VerifyAsync(Usings + """
        using System.Text.Json;

        record Order(string Id, decimal Total);

        class Orders
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, Order order) =>
                {|#1:kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/orders",
                    Plaintext = {|#0:new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(order))|},
                })|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("The plaintext comes from JsonSerializer.SerializeToUtf8Bytes, whose size is unbounded", 4096));

    [Fact]
    public Task Flags_a_constant_string_over_the_rsa_oaep_sha256_limit() => Verify.VerifyAsync(Usings + """
        class Licence
        {
            const string Terms = "{{new string('x', 500)}}";

            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms) =>
                {|#1:kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
                    Plaintext = {|#0:new MemoryStream(Encoding.UTF8.GetBytes(Terms))|},
                })|};
        }
        """.Replace("{{new string('x', 500)}}", new string('x', 500)),
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Error).WithArguments("The plaintext is 500 bytes", 446));

    [Fact]
    public Task Flags_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Backup
        {
            EncryptResponse Seal(IAmazonKeyManagementService kms, string path) =>
                {|#1:kms.Encrypt(new EncryptRequest { KeyId = "alias/backup", Plaintext = {|#0:new MemoryStream(File.ReadAllBytes(path))|} })|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("The plaintext comes from File.ReadAllBytes, whose size is unbounded", 4096));

    [Fact]
    public Task Does_not_flag_a_32_byte_token() => Verify.VerifyAsync(Usings + """
        class Tokens
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/tokens", Plaintext = new MemoryStream(RandomNumberGenerator.GetBytes(32)) });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_string_of_unknown_length() => Verify.VerifyAsync(Usings + """
        class Secrets
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, string password) =>
                kms.EncryptAsync(new EncryptRequest { KeyId = "alias/secrets", Plaintext = new MemoryStream(Encoding.UTF8.GetBytes(password)) });
        }
        """);

    [Fact]
    public Task Does_not_flag_exactly_4096_bytes() => Verify.VerifyAsync(Usings + """
        class Pages
        {
            async Task Seal(IAmazonKeyManagementService kms)
            {
                var request = new EncryptRequest { KeyId = "alias/pages" };
                request.Plaintext = new MemoryStream(new byte[4096]);
                await kms.EncryptAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_small_rsa_plaintext_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Licence
        {
            EncryptResponse Seal(IAmazonKeyManagementService kms) =>
                kms.Encrypt(new EncryptRequest
                {
                    KeyId = "alias/rsa",
                    EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
                    Plaintext = new MemoryStream(new byte[400]),
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_request_built_elsewhere() => Verify.VerifyAsync(Usings + """
        class Relay
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, EncryptRequest request) => kms.EncryptAsync(request);
        }
        """);
}
