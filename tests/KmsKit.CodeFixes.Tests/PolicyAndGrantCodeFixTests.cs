using KmsKit.Analyzers.Rules;
using KmsKit.Tests.Shared;

namespace KmsKit.CodeFixes.Tests;

/// <summary>The fixes of the 3xx rules: KMS301, KMS303, KMS305, KMS306.</summary>
public class PolicyAndGrantCodeFixTests
{
    [Fact]
    public Task KMS301_removes_the_bypass_from_an_initializer() =>
        CodeFixVerifier<PolicyLockoutBypassAnalyzer, RemovePolicyLockoutBypassCodeFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Keys
            {
                Task<PutKeyPolicyResponse> Apply(IAmazonKeyManagementService kms, string keyId, string policy) =>
                    kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
                    {
                        KeyId = keyId,
                        Policy = policy,
                        {|KMS301:BypassPolicyLockoutSafetyCheck = true|},
                    });
            }
            """, """
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Keys
            {
                Task<PutKeyPolicyResponse> Apply(IAmazonKeyManagementService kms, string keyId, string policy) =>
                    kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
                    {
                        KeyId = keyId,
                        Policy = policy,
                    });
            }
            """);

    [Fact]
    public Task KMS301_removes_the_bypass_statement_in_the_sync_sdk() =>
        CodeFixVerifier<PolicyLockoutBypassAnalyzer, RemovePolicyLockoutBypassCodeFix>.VerifyAsync("""
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Keys
            {
                void Apply(IAmazonKeyManagementService kms, string keyId, string policy)
                {
                    var request = new PutKeyPolicyRequest { KeyId = keyId, Policy = policy };
                    // Needed during the migration.
                    {|KMS301:request.BypassPolicyLockoutSafetyCheck = true|};
                    kms.PutKeyPolicy(request);
                }
            }
            """, """
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Keys
            {
                void Apply(IAmazonKeyManagementService kms, string keyId, string policy)
                {
                    var request = new PutKeyPolicyRequest { KeyId = keyId, Policy = policy };
                    // Needed during the migration.
                    kms.PutKeyPolicy(request);
                }
            }
            """, references: TestReferences.Net472WithKms);

    [Fact]
    public Task KMS303_adds_the_key_of_the_other_requests() =>
        CodeFixVerifier<DecryptWithoutKeyIdAnalyzer, AddKeyIdCodeFix>.VerifyAsync("""
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Tokens
            {
                const string TokenKey = "alias/tokens";

                async Task<bool> RoundTrip(IAmazonKeyManagementService kms, byte[] token)
                {
                    var context = new Dictionary<string, string> { ["purpose"] = "session" };
                    var sealedToken = await kms.EncryptAsync(new EncryptRequest { KeyId = TokenKey, Plaintext = new MemoryStream(token), EncryptionContext = context });
                    var opened = await {|KMS303:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = sealedToken.CiphertextBlob, EncryptionContext = context })|};
                    return opened.Plaintext.Length == token.Length;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Tokens
            {
                const string TokenKey = "alias/tokens";

                async Task<bool> RoundTrip(IAmazonKeyManagementService kms, byte[] token)
                {
                    var context = new Dictionary<string, string> { ["purpose"] = "session" };
                    var sealedToken = await kms.EncryptAsync(new EncryptRequest { KeyId = TokenKey, Plaintext = new MemoryStream(token), EncryptionContext = context });
                    var opened = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = sealedToken.CiphertextBlob, EncryptionContext = context, KeyId = TokenKey });
                    return opened.Plaintext.Length == token.Length;
                }
            }
            """);

    [Fact]
    public Task KMS303_adds_the_key_id_field_of_the_class() =>
        CodeFixVerifier<DecryptWithoutKeyIdAnalyzer, AddKeyIdCodeFix>.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Vault(IAmazonKeyManagementService kms, string vaultKeyId)
            {
                public async Task<byte[]> OpenAsync(byte[] blob)
                {
                    var request = new DecryptRequest { CiphertextBlob = new MemoryStream(blob) };
                    var response = await {|KMS303:kms.DecryptAsync(request)|};
                    return response.Plaintext.ToArray();
                }

                public string KeyName => vaultKeyId;
            }
            """, """
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Vault(IAmazonKeyManagementService kms, string vaultKeyId)
            {
                public async Task<byte[]> OpenAsync(byte[] blob)
                {
                    var request = new DecryptRequest { CiphertextBlob = new MemoryStream(blob), KeyId = vaultKeyId };
                    var response = await kms.DecryptAsync(request);
                    return response.Plaintext.ToArray();
                }

                public string KeyName => vaultKeyId;
            }
            """);

    [Fact]
    public Task KMS305_creates_the_dictionary_in_the_initializer() =>
        CodeFixVerifier<CollectionUsedBeforeCreatedAnalyzer, InitializeCollectionCodeFix>.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Orders
            {
                Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, string orderId, byte[] total) =>
                    kms.EncryptAsync(new EncryptRequest
                    {
                        KeyId = "alias/orders",
                        Plaintext = new MemoryStream(total),
                        {|KMS305:EncryptionContext|} = { ["order"] = orderId },
                    });
            }
            """, """
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Orders
            {
                Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, string orderId, byte[] total) =>
                    kms.EncryptAsync(new EncryptRequest
                    {
                        KeyId = "alias/orders",
                        Plaintext = new MemoryStream(total),
                        EncryptionContext = new() { ["order"] = orderId },
                    });
            }
            """);

    [Fact]
    public Task KMS305_creates_the_dictionary_where_the_request_is_made() =>
        CodeFixVerifier<CollectionUsedBeforeCreatedAnalyzer, InitializeCollectionCodeFix>.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Orders
            {
                async Task<byte[]> Seal(IAmazonKeyManagementService kms, string orderId, byte[] total)
                {
                    var request = new EncryptRequest { KeyId = "alias/orders", Plaintext = new MemoryStream(total) };
                    {|KMS305:request.EncryptionContext|}.Add("order", orderId);
                    var response = await kms.EncryptAsync(request);
                    return response.CiphertextBlob.ToArray();
                }
            }
            """, """
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Orders
            {
                async Task<byte[]> Seal(IAmazonKeyManagementService kms, string orderId, byte[] total)
                {
                    var request = new EncryptRequest { KeyId = "alias/orders", Plaintext = new MemoryStream(total), EncryptionContext = new() };
                    request.EncryptionContext.Add("order", orderId);
                    var response = await kms.EncryptAsync(request);
                    return response.CiphertextBlob.ToArray();
                }
            }
            """);

    [Fact]
    public Task KMS306_passes_the_grant_token() =>
        CodeFixVerifier<GrantTokenNotUsedAnalyzer, PassGrantTokenCodeFix>.VerifyAsync("""
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Handover
            {
                async Task<MemoryStream> Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream blob)
                {
                    var context = new Dictionary<string, string> { ["job"] = "export" };
                    var grant = await admin.CreateGrantAsync(new CreateGrantRequest
                    {
                        KeyId = keyId,
                        GranteePrincipal = "arn:aws:iam::111122223333:role/worker",
                        Operations = new List<string> { GrantOperation.Decrypt },
                    });
                    var response = await {|KMS306:worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob, EncryptionContext = context })|};
                    return response.Plaintext;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Handover
            {
                async Task<MemoryStream> Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream blob)
                {
                    var context = new Dictionary<string, string> { ["job"] = "export" };
                    var grant = await admin.CreateGrantAsync(new CreateGrantRequest
                    {
                        KeyId = keyId,
                        GranteePrincipal = "arn:aws:iam::111122223333:role/worker",
                        Operations = new List<string> { GrantOperation.Decrypt },
                    });
                    var response = await worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob, EncryptionContext = context, GrantTokens = new() { grant.GrantToken } });
                    return response.Plaintext;
                }
            }
            """);

    [Fact]
    public Task KMS306_keeps_a_discarded_grant_in_a_local_whose_name_is_free() =>
        CodeFixVerifier<GrantTokenNotUsedAnalyzer, PassGrantTokenCodeFix>.RunAsync(["""
            using System.Collections.Generic;
            using System.IO;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Handover
            {
                MemoryStream Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream data, string grant)
                {
                    // The grant lets the worker encrypt under the key.
                    admin.CreateGrant(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker", Operations = new List<string> { "Encrypt", "GenerateDataKey" } });
                    {|KMS306:worker.DescribeKey(new DescribeKeyRequest { KeyId = keyId })|};
                    return {|KMS306:worker.Encrypt(new EncryptRequest { KeyId = keyId, Plaintext = data, EncryptionContext = new Dictionary<string, string> { ["job"] = "export" } })|}.CiphertextBlob;
                }
            }
            """], ["""
            using System.Collections.Generic;
            using System.IO;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Handover
            {
                MemoryStream Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream data, string grant)
                {
                    // The grant lets the worker encrypt under the key.
                    var grant2 = admin.CreateGrant(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker", Operations = new List<string> { "Encrypt", "GenerateDataKey" } });
                    worker.DescribeKey(new DescribeKeyRequest { KeyId = keyId, GrantTokens = new() { grant2.GrantToken } });
                    return worker.Encrypt(new EncryptRequest { KeyId = keyId, Plaintext = data, EncryptionContext = new Dictionary<string, string> { ["job"] = "export" }, GrantTokens = new() { grant2.GrantToken } }).CiphertextBlob;
                }
            }
            """], references: TestReferences.Net472WithKms, iterations: 2);
}
