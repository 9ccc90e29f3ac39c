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

    [Fact]
    public Task Keeps_a_using_block_whose_locals_the_method_declares_again_and_unwraps_one_whose_locals_it_does_not() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public async Task<MemoryStream> Rewrap(MemoryStream card)
            {
                MemoryStream sealedCard;
                using (var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|})
                {
                    var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } });
                    sealedCard = response.CiphertextBlob;
                }

                if (sealedCard.Length > 4096)
                {
                    // Would clash with the response of the using block moved to the method's scope.
                    var response = new MemoryStream();
                    await sealedCard.CopyToAsync(response);
                    return response;
                }

                return sealedCard;
            }

            public async Task<MemoryStream> Seal(MemoryStream card)
            {
                using (var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|})
                {
                    var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } });
                    return response.CiphertextBlob;
                }
            }
        }
        """, """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            private static readonly AmazonKeyManagementServiceClient SharedKmsClient = new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1);

            public async Task<MemoryStream> Rewrap(MemoryStream card)
            {
                MemoryStream sealedCard;
                {
                    var kms = SharedKmsClient;
                    var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } });
                    sealedCard = response.CiphertextBlob;
                }

                if (sealedCard.Length > 4096)
                {
                    // Would clash with the response of the using block moved to the method's scope.
                    var response = new MemoryStream();
                    await sealedCard.CopyToAsync(response);
                    return response;
                }

                return sealedCard;
            }

            public async Task<MemoryStream> Seal(MemoryStream card)
            {
                var kms = SharedKmsClient;
                var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } });
                return response.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Puts_a_using_that_is_no_statement_of_a_block_in_a_block_of_its_own() => Verify.VerifyAsync("""
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class TokenReader
        {
            public MemoryStream Open(MemoryStream token, int kind)
            {
                if (kind == 0)
                    // A client for the token.
                    using (var kms = {|KMS202:new AmazonKeyManagementServiceClient()|}) // per call
                        return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
                switch (kind)
                {
                    case 1:
                        using (var kms = {|KMS202:new AmazonKeyManagementServiceClient()|})
                        {
                            return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
                            // done
                        }
                }
                return token;
            }
        }
        """, """
        using System.IO;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class TokenReader
        {
            private static readonly AmazonKeyManagementServiceClient SharedKmsClient = new AmazonKeyManagementServiceClient();

            public MemoryStream Open(MemoryStream token, int kind)
            {
                if (kind == 0)
                {
                    // A client for the token.
                    var kms = SharedKmsClient; // per call
                    return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
                }
                switch (kind)
                {
                    case 1:
                        {
                            var kms = SharedKmsClient;
                            return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
                            // done
                        }
                }
                return token;
            }
        }
        """, references: TestReferences.Net472WithKms);

    [Theory]
    [InlineData("var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};", "using (kms)\n        {\n            return (await kms.EncryptAsync(new EncryptRequest { KeyId = \"alias/cards\", Plaintext = card })).CiphertextBlob;\n        }")]
    [InlineData("var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};", "var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = \"alias/cards\", Plaintext = card })).CiphertextBlob;\n        kms.Dispose();\n        return blob;")]
    [InlineData("AmazonKeyManagementServiceClient kms;", "using (kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|})\n        {\n            return (await kms.EncryptAsync(new EncryptRequest { KeyId = \"alias/cards\", Plaintext = card })).CiphertextBlob;\n        }")]
    public Task Is_not_offered_when_the_local_is_disposed_apart_from_its_declaration(string declaration, string use) => Verify.VerifyNotOfferedAsync($$"""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                {{declaration}}
                {{use}}
            }
        }
        """);
}
