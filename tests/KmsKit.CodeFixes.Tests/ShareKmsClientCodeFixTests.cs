using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.ClientPerCallAnalyzer, KmsKit.CodeFixes.ShareKmsClientCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class ShareKmsClientCodeFixTests
{
    [Fact]
    public Task Shares_a_client_made_with_a_region_and_drops_the_using() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                // One client per card.
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                var context = new Dictionary<string, string> { ["purpose"] = "cards" };
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """, """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            private static readonly AmazonKeyManagementServiceClient SharedKmsClient = new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1);

            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                // One client per card.
                var kms = SharedKmsClient;
                var context = new Dictionary<string, string> { ["purpose"] = "cards" };
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Unwraps_a_using_statement_in_the_sync_sdk() => Verify.VerifyAsync("""
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class TokenReader
        {
            public MemoryStream Open(MemoryStream token)
            {
                using (var kms = {|KMS202:new AmazonKeyManagementServiceClient()|})
                {
                    return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
                }
            }
        }
        """, """
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class TokenReader
        {
            private static readonly AmazonKeyManagementServiceClient SharedKmsClient = new AmazonKeyManagementServiceClient();

            public MemoryStream Open(MemoryStream token)
            {
                var kms = SharedKmsClient;
                return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
            }
        }
        """, references: TestReferences.Net472WithKms);

    [Fact]
    public Task Fix_all_shares_one_client_between_the_methods_of_a_class() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            public Task<DecryptResponse> Open(MemoryStream token) =>
                {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|}.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token });

            public async Task<string> Describe()
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                return (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/tokens" })).KeyMetadata.Arn;
            }
        }
        """, """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            private static readonly AmazonKeyManagementServiceClient SharedKmsClient = new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1);

            public Task<DecryptResponse> Open(MemoryStream token) =>
                SharedKmsClient.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token });

            public async Task<string> Describe()
            {
                var kms = SharedKmsClient;
                return (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/tokens" })).KeyMetadata.Arn;
            }
        }
        """);
}
