using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.GrantTokenNotUsedAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class GrantTokenNotUsedAnalyzerTests
{
    [Fact]
    public Task Flags_grantee_decrypt_without_the_token() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            async Task<MemoryStream> Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream blob)
            {
                await admin.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = keyId,
                    GranteePrincipal = "arn:aws:iam::111122223333:role/worker",
                    Operations = new List<string> { GrantOperation.Decrypt },
                });
                var response = await {|KMS306:worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob })|};
                return response.Plaintext;
            }
        }
        """);

    [Fact]
    public Task Flags_grantee_calls_on_a_constant_key_sync() => Verify.VerifySyncAsync("""
        using System.Collections.Generic;
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            private readonly IAmazonKeyManagementService _admin = new AmazonKeyManagementServiceClient();

            void Share(IAmazonKeyManagementService worker, MemoryStream data)
            {
                var grant = _admin.CreateGrant(new CreateGrantRequest { KeyId = Key, GranteePrincipal = "arn:aws:iam::111122223333:role/worker", Operations = new List<string> { "Encrypt", "GenerateDataKey" } });
                var request = new GenerateDataKeyRequest { KeyId = Key, KeySpec = DataKeySpec.AES_256 };
                {|KMS306:worker.GenerateDataKey(request)|};
                {|KMS306:worker.Encrypt(new EncryptRequest { KeyId = Key, Plaintext = data })|};
            }
        }
        """);

    [Fact]
    public Task Flags_a_grantee_client_created_in_the_method() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            async Task Share(IAmazonKeyManagementService admin, string keyId, Amazon.Runtime.AWSCredentials workerCredentials)
            {
                var grant = await admin.CreateGrantAsync(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker" });
                using var worker = new AmazonKeyManagementServiceClient(workerCredentials);
                await {|KMS306:worker.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })|};
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_call_that_passes_the_token() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            async Task Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream blob)
            {
                var grant = await admin.CreateGrantAsync(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker" });
                await worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob, GrantTokens = new List<string> { grant.GrantToken } });
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_the_grantor_or_another_key() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            async Task Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, string otherKeyId, MemoryStream blob)
            {
                await admin.CreateGrantAsync(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker" });
                // The grantor uses its own permissions, not the grant.
                await admin.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId });
                await worker.DecryptAsync(new DecryptRequest { KeyId = otherKeyId, CiphertextBlob = blob });
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_calls_before_the_grant_or_without_one() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Handover
        {
            async Task Share(IAmazonKeyManagementService admin, IAmazonKeyManagementService worker, string keyId, MemoryStream blob)
            {
                await worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob });
                await admin.CreateGrantAsync(new CreateGrantRequest { KeyId = keyId, GranteePrincipal = "arn:aws:iam::111122223333:role/worker" });
            }

            Task Plain(IAmazonKeyManagementService worker, string keyId, MemoryStream blob) =>
                worker.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob });
        }
        """);

    [Fact]
    public Task Flags_a_grantee_decrypt_that_names_no_key() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class ReportExport
        {
            async Task<MemoryStream> Open(IAmazonKeyManagementService owner, IAmazonKeyManagementService exporter, string keyArn, MemoryStream encryptedKey)
            {
                var grant = await owner.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = keyArn,
                    GranteePrincipal = "arn:aws:iam::111122223333:role/exporter",
                    Operations = new List<string> { GrantOperation.Decrypt },
                });
                var dataKey = await {|KMS306:exporter.DecryptAsync(new DecryptRequest { CiphertextBlob = encryptedKey })|};
                return dataKey.Plaintext;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_grantee_decrypt_that_names_no_key_and_passes_the_token() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class ReportExport
        {
            async Task<MemoryStream> Open(IAmazonKeyManagementService owner, IAmazonKeyManagementService exporter, string keyArn, MemoryStream encryptedKey)
            {
                var grant = await owner.CreateGrantAsync(new CreateGrantRequest
                {
                    KeyId = keyArn,
                    GranteePrincipal = "arn:aws:iam::111122223333:role/exporter",
                    Operations = new List<string> { GrantOperation.Decrypt },
                });
                var dataKey = await exporter.DecryptAsync(new DecryptRequest { CiphertextBlob = encryptedKey, GrantTokens = new List<string> { grant.GrantToken } });
                return dataKey.Plaintext;
            }
        }
        """);
}
