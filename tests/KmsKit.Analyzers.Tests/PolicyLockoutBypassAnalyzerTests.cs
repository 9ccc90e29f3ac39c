using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.PolicyLockoutBypassAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class PolicyLockoutBypassAnalyzerTests
{
    [Fact]
    public Task Flags_bypass_in_create_key() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task<CreateKeyResponse> Create(IAmazonKeyManagementService kms, string policy) =>
                kms.CreateKeyAsync(new CreateKeyRequest { Policy = policy, {|KMS301:BypassPolicyLockoutSafetyCheck = true|} });
        }
        """);

    [Fact]
    public Task Flags_bypass_assigned_later_in_put_key_policy_sync() => Verify.VerifySyncAsync("""
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            void Replace(IAmazonKeyManagementService kms, string keyId, string policy)
            {
                var request = new PutKeyPolicyRequest { KeyId = keyId, Policy = policy };
                {|KMS301:request.BypassPolicyLockoutSafetyCheck = true|};
                kms.PutKeyPolicy(request);
            }
        }
        """);

    [Fact]
    public Task Flags_bypass_through_a_constant_in_replicate_key() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            const bool SkipCheck = true;

            Task Replicate(IAmazonKeyManagementService kms, string keyId) =>
                kms.ReplicateKeyAsync(new ReplicateKeyRequest { KeyId = keyId, ReplicaRegion = "eu-west-1", {|KMS301:BypassPolicyLockoutSafetyCheck = SkipCheck|} });
        }
        """);

    [Fact]
    public Task Does_not_flag_the_default() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task<CreateKeyResponse> Create(IAmazonKeyManagementService kms, string policy) =>
                kms.CreateKeyAsync(new CreateKeyRequest { Policy = policy, Description = "orders" });
        }
        """);

    [Fact]
    public Task Does_not_flag_an_explicit_false() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Replace(IAmazonKeyManagementService kms, string keyId, string policy) =>
                kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keyId, Policy = policy, BypassPolicyLockoutSafetyCheck = false });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_value_known_only_at_run_time() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Replace(IAmazonKeyManagementService kms, string keyId, string policy, bool force) =>
                kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keyId, Policy = policy, BypassPolicyLockoutSafetyCheck = force });
        }
        """);

    [Fact]
    public Task Does_not_flag_an_unrelated_property() => Verify.VerifyAsync("""
        class Options { public bool BypassPolicyLockoutSafetyCheck { get; set; } }

        class Keys
        {
            Options Make() => new Options { BypassPolicyLockoutSafetyCheck = true };
        }
        """);
}
