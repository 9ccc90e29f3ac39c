using KmsKit.Analyzers.Rules;
using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.GenerateRandomSizeAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class GenerateRandomSizeAnalyzerTests
{
    [Fact]
    public Task Flags_too_many_bytes_in_initializer() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            async Task<byte[]> Make(IAmazonKeyManagementService kms)
            {
                var response = await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = {|KMS002:2048|} });
                return response.Plaintext.ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_zero_bytes_assigned_later() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            async Task Make(IAmazonKeyManagementService kms)
            {
                var request = new GenerateRandomRequest();
                request.NumberOfBytes = {|KMS002:0|};
                await kms.GenerateRandomAsync(request);
            }
        }
        """);

    [Fact]
    public Task Flags_constant_field_in_sync_sdk() => Verify.VerifySyncAsync("""
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            const int Size = 1025;

            byte[] Make(IAmazonKeyManagementService kms) =>
                kms.GenerateRandom(new GenerateRandomRequest { NumberOfBytes = {|KMS002:Size|} }).Plaintext.ToArray();
        }
        """);

    [Fact]
    public Task Flags_negative() => Verify.VerifyAsync("""
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            GenerateRandomRequest Make() => new() { NumberOfBytes = {|KMS002:-1|} };
        }
        """);

    [Theory]
    [InlineData("1")]
    [InlineData("32")]
    [InlineData("1024")]
    public Task Does_not_flag_valid_sizes(string size) => Verify.VerifyAsync($$"""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            async Task<byte[]> Make(IAmazonKeyManagementService kms)
            {
                var response = await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = {{size}} });
                return response.Plaintext.ToArray();
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_size_known_only_at_run_time() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Tokens
        {
            Task<GenerateRandomResponse> Make(IAmazonKeyManagementService kms, int size) =>
                kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = size });
        }
        """);

    [Fact]
    public Task Does_not_flag_an_unrelated_NumberOfBytes() => Verify.VerifyAsync("""
        class Options { public int NumberOfBytes { get; set; } }

        class Tokens
        {
            Options Make() => new Options { NumberOfBytes = 4096 };
        }
        """);

    [Fact]
    public Task Flags_a_constant_given_to_the_size_overload() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;

        static class Salts
        {
            private const int SaltBytes = 2 * 1024;

            public static async Task<byte[]> NewSalt(IAmazonKeyManagementService kms) =>
                (await kms.GenerateRandomAsync({|KMS002:SaltBytes|})).Plaintext.ToArray();
        }
        """);

    [Fact]
    public Task Does_not_flag_the_size_overload_with_a_valid_or_unknown_size() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;

        static class Salts
        {
            private const int SaltBytes = 32;

            public static async Task<byte[]> NewSalt(IAmazonKeyManagementService kms, int? size) =>
                (await kms.GenerateRandomAsync(size ?? SaltBytes)).Plaintext.ToArray();

            public static async Task<byte[]> DefaultSalt(IAmazonKeyManagementService kms) =>
                (await kms.GenerateRandomAsync(SaltBytes)).Plaintext.ToArray();
        }
        """);
}
