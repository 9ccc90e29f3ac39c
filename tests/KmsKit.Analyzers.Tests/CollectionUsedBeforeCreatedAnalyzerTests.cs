using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.CollectionUsedBeforeCreatedAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class CollectionUsedBeforeCreatedAnalyzerTests
{
    [Fact]
    public Task Flags_add_on_a_new_request() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret, string tenant)
            {
                var request = new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret) };
                {|#0:request.EncryptionContext|}.Add("tenant", tenant);
                return kms.EncryptAsync(request);
            }
        }
        """, Verify.Diagnostic().WithLocation(0).WithMessage("'request.EncryptionContext' is null until it is assigned (AWS SDK v4); initialize it before calling Add"));

    [Fact]
    public Task Flags_indexer_and_grant_tokens_sync() => Verify.VerifySyncAsync("""
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            MemoryStream Open(IAmazonKeyManagementService kms, MemoryStream blob, string tenant, string grantToken)
            {
                var request = new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/app" };
                {|KMS305:request.EncryptionContext|}["tenant"] = tenant;
                {|KMS305:request.GrantTokens|}.Add(grantToken);
                return kms.Decrypt(request).Plaintext;
            }
        }
        """);

    [Fact]
    public Task Flags_a_nested_collection_initializer() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Create(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Description = "orders",
                    {|#0:Tags|} = { new Tag { TagKey = "team", TagValue = "payments" } },
                });
        }
        """, Verify.Diagnostic().WithLocation(0).WithMessage("'Tags' is null until it is assigned (AWS SDK v4); initialize it before calling Add (the collection initializer)"));

    [Fact]
    public Task Does_not_flag_an_initialized_collection() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, byte[] secret, string tenant)
            {
                var request = new EncryptRequest { KeyId = "alias/app", Plaintext = new MemoryStream(secret), EncryptionContext = new() };
                request.EncryptionContext.Add("tenant", tenant);
                var other = new EncryptRequest { KeyId = "alias/app" };
                other.GrantTokens = new List<string>();
                other.GrantTokens.Add("token");
                other.EncryptionContext ??= new Dictionary<string, string>();
                other.EncryptionContext["tenant"] = tenant;
                return kms.EncryptAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_requests_from_elsewhere_or_passed_to_a_helper() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            void AddTenant(EncryptRequest request, string tenant) => request.EncryptionContext.Add("tenant", tenant);

            void Build(string tenant)
            {
                var request = new EncryptRequest();
                Prepare(request);
                request.EncryptionContext.Add("tenant", tenant);
                var response = new GenerateDataKeyResponse();
                System.Console.WriteLine(response.KeyId);
            }

            static void Prepare(EncryptRequest request) => request.EncryptionContext = new Dictionary<string, string>();
        }
        """);

    [Fact]
    public Task Does_not_flag_when_the_sdk_initializes_collections() => Verify.VerifyAsync("""
        using Amazon;
        using Amazon.KeyManagementService.Model;

        class Vault
        {
            EncryptRequest Build(string tenant)
            {
                AWSConfigs.InitializeCollections = true;
                var request = new EncryptRequest();
                request.EncryptionContext.Add("tenant", tenant);
                request.EncryptionContext?.Add("other", tenant);
                return request;
            }
        }
        """);
}
