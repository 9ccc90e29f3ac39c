using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Provisions the keys of a new tenant and hands their policies to the tenant's role.</summary>
public sealed class KeyPolicies(IAmazonKeyManagementService kms)
{
    private const string TenantRole = "arn:aws:iam::111122223333:role/tenant-app";

    // KMS302: only the tenant's role is named; without kms:* for the account root, IAM can never manage the key.
    public async Task<string> CreateTenantKeyAsync()
    {
        var response = await kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "tenant data key",
            Policy = $$"""
                {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Sid": "TenantUse",
                    "Effect": "Allow",
                    "Principal": { "AWS": "{{TenantRole}}" },
                    "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
                    "Resource": "*"
                  }]
                }
                """,
        });
        return response.KeyMetadata.KeyId;
    }

    // KMS301: the safety check exists to stop exactly the policy this method may be given.
    public Task ReplacePolicyAsync(string keyId, string policy) =>
        kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = keyId,
            Policy = policy,
        });
}
