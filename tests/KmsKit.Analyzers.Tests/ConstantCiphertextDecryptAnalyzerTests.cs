using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.ConstantCiphertextDecryptAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class ConstantCiphertextDecryptAnalyzerTests
{
    // Test sources declare the Lambda and ASP.NET Core types they need: the rule matches them by name.
    private const string Hosts = """

        namespace Amazon.Lambda.Core
        {
            public interface ILambdaContext { string AwsRequestId { get; } }
        }

        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class NonActionAttribute : System.Attribute { }
        }

        namespace Microsoft.Extensions.Configuration
        {
            public interface IConfiguration { string? this[string key] { get; } IConfigurationSection GetSection(string key); }
            public interface IConfigurationSection : IConfiguration { string? Value { get; } }
        }
        """;

    [Fact]
    public Task Flags_a_lambda_handler_decrypting_an_environment_variable() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Amazon.Lambda.Core;

        public class Function
        {
            private readonly IAmazonKeyManagementService _kms = new AmazonKeyManagementServiceClient();

            public async Task<string> Handler(string input, ILambdaContext context)
            {
                var blob = Convert.FromBase64String(Environment.GetEnvironmentVariable("API_KEY_CIPHERTEXT")!);
                var response = await {|#0:_kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) })|};
                return input + response.KeyId;
            }
        }
        """ + Hosts, Verify.Diagnostic().WithLocation(0).WithMessage("'Handler' decrypts a ciphertext read from configuration on every invocation; decrypt it once"));

    [Fact]
    public Task Flags_a_controller_action_decrypting_configuration() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public abstract class AppController : ControllerBase { }

        public class PaymentsController(IAmazonKeyManagementService kms, IConfiguration configuration) : AppController
        {
            public async Task<int> Charge(int cents)
            {
                var request = new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(configuration["Stripe:SecretCiphertext"]!)) };
                var key = await {|KMS203:kms.DecryptAsync(request)|};
                return cents + (int)key.Plaintext.Length;
            }

            public async Task<int> Refund(int cents)
            {
                var ciphertext = configuration.GetSection("Stripe").GetSection("SecretCiphertext").Value ?? "";
                var key = await {|KMS203:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(ciphertext)) })|};
                return cents - (int)key.Plaintext.Length;
            }
        }
        """ + Hosts);

    [Fact]
    public Task Flags_a_sync_lambda_handler() => Verify.VerifySyncAsync("""
        using System;
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Amazon.Lambda.Core;

        public class Function
        {
            private readonly IAmazonKeyManagementService _kms = new AmazonKeyManagementServiceClient();

            public string Handler(string input, ILambdaContext context)
            {
                var secret = {|KMS203:_kms.Decrypt(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(Environment.GetEnvironmentVariable("DB_PASSWORD"))) })|};
                return input + secret.KeyId;
            }
        }
        """ + Hosts);

    [Fact]
    public Task Does_not_flag_a_ciphertext_from_the_request() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Amazon.Lambda.Core;

        public class Function
        {
            private readonly IAmazonKeyManagementService _kms = new AmazonKeyManagementServiceClient();

            public async Task<string?> Handler(string ciphertext, ILambdaContext context)
            {
                var response = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(ciphertext)) });
                return response.KeyId;
            }
        }
        """ + Hosts);

    [Fact]
    public Task Does_not_flag_decrypt_once_in_a_constructor_or_static_lazy() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public class PaymentsController : ControllerBase
        {
            private static readonly Lazy<Task<DecryptResponse>> Secret = new(() => Load());
            private readonly Task<DecryptResponse> _other;

            public PaymentsController(IAmazonKeyManagementService kms, IConfiguration configuration)
            {
                _other = kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(configuration["Other"]!)) });
            }

            public async Task<int> Charge(int cents) => cents + (int)(await Secret.Value).Plaintext.Length;

            private static Task<DecryptResponse> Load() =>
                new AmazonKeyManagementServiceClient().DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(Environment.GetEnvironmentVariable("SECRET")!)) });
        }
        """ + Hosts);

    [Fact]
    public Task Does_not_flag_a_private_helper_or_a_plain_class() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Microsoft.AspNetCore.Mvc;

        public class PaymentsController(IAmazonKeyManagementService kms) : ControllerBase
        {
            private Task<DecryptResponse> Secret() =>
                kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(Environment.GetEnvironmentVariable("SECRET")!)) });

            [NonAction]
            public Task<DecryptResponse> Warm() =>
                kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(Environment.GetEnvironmentVariable("SECRET")!)) });
        }

        public class SecretLoader(IAmazonKeyManagementService kms)
        {
            public Task<DecryptResponse> Load() =>
                kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(Environment.GetEnvironmentVariable("SECRET")!)) });
        }
        """ + Hosts);

    private const string EnvironmentSecretFunction = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Amazon.Lambda.Core;

        public class Function
        {
            HANDLER

            private static async Task<string> DecodeEnvVar(string envVarName)
            {
                var encryptedBytes = Convert.FromBase64String(Environment.GetEnvironmentVariable(envVarName)!);
                using var client = new AmazonKeyManagementServiceClient();
                var request = new DecryptRequest
                {
                    CiphertextBlob = new MemoryStream(encryptedBytes),
                    EncryptionContext = new Dictionary<string, string> { ["LambdaFunctionName"] = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")! },
                };
                var response = await client.DecryptAsync(request);
                return Encoding.UTF8.GetString(response.Plaintext.ToArray());
            }
        }
        """;

    [Fact]
    public Task Flags_a_lambda_handler_that_decrypts_through_a_static_helper() => Verify.VerifyAsync(EnvironmentSecretFunction.Replace("HANDLER", """
        public async Task<string> FunctionHandler(string input, ILambdaContext context)
            {
                var apiKey = await {|KMS203:DecodeEnvVar("API_KEY")|};
                return input + apiKey.Length;
            }
        """) + Hosts);

    [Fact]
    public Task Does_not_flag_a_static_helper_run_once_for_the_container() => Verify.VerifyAsync(EnvironmentSecretFunction.Replace("HANDLER", """
        private static readonly Lazy<Task<string>> ApiKey = new(() => DecodeEnvVar("API_KEY"));

            public async Task<string> FunctionHandler(string input, ILambdaContext context) => input + (await ApiKey.Value).Length;
        """) + Hosts);
}
