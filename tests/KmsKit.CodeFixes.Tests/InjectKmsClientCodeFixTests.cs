using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.ClientPerCallAnalyzer, KmsKit.CodeFixes.InjectKmsClientCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class InjectKmsClientCodeFixTests
{
    [Fact]
    public Task Injects_the_client_through_the_existing_constructor_and_drops_the_using() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            private readonly string _keyId;

            public CardHandler(string keyId)
            {
                _keyId = keyId;
            }

            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                // One client per card.
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                var context = new Dictionary<string, string> { ["purpose"] = "cards" };
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = _keyId, Plaintext = card, EncryptionContext = context })).CiphertextBlob;
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
            private readonly IAmazonKeyManagementService _kms;
            private readonly string _keyId;

            public CardHandler(string keyId, IAmazonKeyManagementService kms)
            {
                _kms = kms;
                _keyId = keyId;
            }

            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                // One client per card.
                var kms = _kms;
                var context = new Dictionary<string, string> { ["purpose"] = "cards" };
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = _keyId, Plaintext = card, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """, equivalenceKey: nameof(InjectKmsClientCodeFix));

    [Fact]
    public Task Adds_a_constructor_and_unwraps_a_using_statement_in_the_sync_sdk() => Verify.VerifyAsync("""
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
            private readonly IAmazonKeyManagementService _kms;

            public TokenReader(IAmazonKeyManagementService kms)
            {
                _kms = kms;
            }

            public MemoryStream Open(MemoryStream token)
            {
                var kms = _kms;
                return kms.Decrypt(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token }).Plaintext;
            }
        }
        """, references: TestReferences.Net472WithKms);

    [Fact]
    public Task Fix_all_gives_the_class_one_field_and_one_parameter() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            public Task<DecryptResponse> Open(MemoryStream token) =>
                {|KMS202:new AmazonKeyManagementServiceClient()|}.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token });

            public async Task<string> Describe()
            {
                var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                return (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/tokens" })).KeyMetadata.Arn;
            }
        }
        """, """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            private readonly IAmazonKeyManagementService _kms;

            public Tokens(IAmazonKeyManagementService kms)
            {
                _kms = kms;
            }

            public Task<DecryptResponse> Open(MemoryStream token) =>
                _kms.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token });

            public async Task<string> Describe()
            {
                var kms = _kms;
                return (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/tokens" })).KeyMetadata.Arn;
            }
        }
        """);

    [Fact]
    public Task Offers_no_injection_in_a_static_method() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            public static async Task<MemoryStream> Open(MemoryStream token)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                return (await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token })).Plaintext;
            }
        }
        """);

    [Fact]
    public Task Offers_no_injection_when_the_class_is_created_with_new() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens
        {
            public async Task<MemoryStream> Open(MemoryStream token)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                return (await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token })).Plaintext;
            }
        }

        public static class Program
        {
            // The new constructor parameter would break this call.
            public static Task<MemoryStream> Run(MemoryStream token) => new Tokens().Open(token);
        }
        """);

    [Fact]
    public Task Offers_no_injection_when_a_generic_class_is_created_with_new() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class Tokens<TKey>
        {
            public async Task<MemoryStream> Open(MemoryStream token)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                return (await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token })).Plaintext;
            }
        }

        public static class Program
        {
            public static Task<MemoryStream> Run(MemoryStream token) => new Tokens<string>().Open(token);
        }
        """);

    [Fact]
    public Task Offers_no_injection_when_the_class_is_created_through_an_alias() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using Reader = TokenReader;

        public class TokenReader
        {
            public async Task<MemoryStream> Open(MemoryStream token)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient()|};
                return (await kms.DecryptAsync(new DecryptRequest { KeyId = "alias/tokens", CiphertextBlob = token })).Plaintext;
            }
        }

        public static class Program
        {
            public static Task<MemoryStream> Run(MemoryStream token) => new Reader().Open(token);
        }
        """);

    [Fact]
    public Task Offers_no_injection_when_a_class_of_the_compilation_derives_from_the_class() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public async Task<MemoryStream> Handle(MemoryStream card)
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
            }
        }

        public class AuditedCardHandler : CardHandler
        {
            // Calls base() implicitly, which the new constructor parameter would break.
            public AuditedCardHandler(string auditLog) { }
        }
        """);

    [Fact]
    public Task Offers_no_injection_in_a_lambda_of_a_static_method() => Verify.VerifyNotOfferedAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public static Task<MemoryStream[]> HandleAll(IEnumerable<MemoryStream> cards)
            {
                Func<MemoryStream, Task<MemoryStream>> seal = async card =>
                {
                    using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                    return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
                };
                return Task.WhenAll(cards.Select(seal));
            }
        }
        """);

    [Fact]
    public Task Offers_no_injection_in_a_static_lambda_or_local_function_of_an_instance_method() => Verify.VerifyNotOfferedAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public Task<MemoryStream[]> HandleAll(IEnumerable<MemoryStream> cards)
            {
                return Task.WhenAll(cards.Select(Seal));

                static async Task<MemoryStream> Seal(MemoryStream card)
                {
                    using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                    return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
                }
            }

            public Func<MemoryStream, Task<MemoryStream>> Sealer() => static async card =>
            {
                using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
            };
        }
        """);

    [Fact]
    public Task Injects_the_client_in_a_lambda_of_an_instance_method() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            public Task<MemoryStream[]> HandleAll(IEnumerable<MemoryStream> cards)
            {
                Func<MemoryStream, Task<MemoryStream>> seal = async card =>
                {
                    using var kms = {|KMS202:new AmazonKeyManagementServiceClient(RegionEndpoint.EUWest1)|};
                    return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
                };
                return Task.WhenAll(cards.Select(seal));
            }
        }
        """, """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public class CardHandler
        {
            private readonly IAmazonKeyManagementService _kms;

            public CardHandler(IAmazonKeyManagementService kms)
            {
                _kms = kms;
            }

            public Task<MemoryStream[]> HandleAll(IEnumerable<MemoryStream> cards)
            {
                Func<MemoryStream, Task<MemoryStream>> seal = async card =>
                {
                    var kms = _kms;
                    return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } })).CiphertextBlob;
                };
                return Task.WhenAll(cards.Select(seal));
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
            private readonly IAmazonKeyManagementService _kms;

            public CardHandler(IAmazonKeyManagementService kms)
            {
                _kms = kms;
            }

            public async Task<MemoryStream> Rewrap(MemoryStream card)
            {
                MemoryStream sealedCard;
                {
                    var kms = _kms;
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
                var kms = _kms;
                var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card, EncryptionContext = new() { ["k"] = "v" } });
                return response.CiphertextBlob;
            }
        }
        """);
}
