using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.ClientSideReEncryptionAnalyzer, KmsKit.CodeFixes.UseReEncryptCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class UseReEncryptCodeFixTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Replaces_decrypt_then_encrypt_by_one_ReEncrypt_with_both_keys_and_contexts() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream ciphertext, string oldKeyId, string newKeyId, Dictionary<string, string> context)
            {
                // The old key is being retired.
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext, KeyId = oldKeyId, EncryptionContext = context });
                var encrypted = await kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = newKeyId,
                    Plaintext = {|KMS106:decrypted.Plaintext|},
                    EncryptionContext = context, // same tenant
                });
                return encrypted.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream ciphertext, string oldKeyId, string newKeyId, Dictionary<string, string> context)
            {
                // The old key is being retired.
                var encrypted = await kms.ReEncryptAsync(new ReEncryptRequest
                {
                    DestinationKeyId = newKeyId,
                    CiphertextBlob = ciphertext,
                    SourceKeyId = oldKeyId,
                    SourceEncryptionContext = context,
                    DestinationEncryptionContext = context, // same tenant
                });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Drops_the_locals_that_carried_the_plaintext_in_the_sync_sdk() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            MemoryStream MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream ciphertext, Dictionary<string, string> context)
            {
                var request = new DecryptRequest { CiphertextBlob = ciphertext, KeyId = "alias/old", EncryptionContext = context };
                var decrypted = kms.Decrypt(request);
                var secret = decrypted.Plaintext.ToArray();
                EncryptResponse encrypted = kms.Encrypt(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:new MemoryStream(secret)|}, EncryptionContext = context });
                return encrypted.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            MemoryStream MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream ciphertext, Dictionary<string, string> context)
            {
                ReEncryptResponse encrypted = kms.ReEncrypt(new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = ciphertext, SourceKeyId = "alias/old", SourceEncryptionContext = context, DestinationEncryptionContext = context });
                return encrypted.CiphertextBlob;
            }
        }
        """, TestReferences.Net472WithKms);

    [Fact]
    public Task Rewrites_an_expression_bodied_member() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context) =>
                (await kms.EncryptAsync(new EncryptRequest
                {
                    KeyId = "alias/new",
                    Plaintext = {|KMS106:(await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context })).Plaintext|},
                    EncryptionContext = context,
                }).ConfigureAwait(false)).CiphertextBlob;
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context) =>
                (await kms.ReEncryptAsync(new ReEncryptRequest
                {
                    DestinationKeyId = "alias/new",
                    CiphertextBlob = blob,
                    SourceKeyId = "alias/old",
                    SourceEncryptionContext = context,
                    DestinationEncryptionContext = context,
                }).ConfigureAwait(false)).CiphertextBlob;
        }
        """);

    [Fact]
    public Task Turns_an_encrypt_request_local_into_the_ReEncrypt_request() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                var request = new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:new MemoryStream(decrypted.Plaintext.ToArray())|}, EncryptionContext = context };
                var response = await kms.EncryptAsync(request).ConfigureAwait(false);
                return response.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                var request = new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = blob, SourceKeyId = "alias/old", SourceEncryptionContext = context, DestinationEncryptionContext = context };
                var response = await kms.ReEncryptAsync(request).ConfigureAwait(false);
                return response.CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Fixes_every_pair_of_the_document() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> First(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context })).CiphertextBlob;
            }

            async Task<MemoryStream> Second(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/other", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> First(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                return (await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = blob, SourceKeyId = "alias/old", SourceEncryptionContext = context, DestinationEncryptionContext = context })).CiphertextBlob;
            }

            async Task<MemoryStream> Second(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                return (await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = "alias/other", CiphertextBlob = blob, SourceKeyId = "alias/old", SourceEncryptionContext = context, DestinationEncryptionContext = context })).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_the_plaintext_is_used_elsewhere() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context, Stream audit)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                await decrypted.Plaintext.CopyToAsync(audit);
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_the_ciphertext_changes_between_the_calls() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, MemoryStream next, Dictionary<string, string> context)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                blob = next;
                return (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context })).CiphertextBlob;
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_the_response_is_read_for_what_ReEncrypt_does_not_return() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<EncryptResponse> MoveToNewKey(IAmazonKeyManagementService kms, MemoryStream blob, Dictionary<string, string> context)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = "alias/old", EncryptionContext = context });
                return await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context });
            }
        }
        """);

    [Fact] // SourceEncryptionContext reads the dictionary after it was changed: ReEncrypt is sent the new context.
    public Task Offers_no_fix_when_the_context_dictionary_changes_between_the_calls() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext, string tenant)
            {
                var context = new Dictionary<string, string> { ["tenant"] = tenant, ["version"] = "1" };
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext, EncryptionContext = context });
                context["version"] = "2";
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // index++ between the calls: SourceKeyId = keyIds[index] reads the next key.
    public Task Offers_no_fix_when_a_value_is_incremented_between_the_calls() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream[] blobs, string[] keyIds)
            {
                var index = 0;
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blobs[index], KeyId = keyIds[index] });
                index++;
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = keyIds[index], Plaintext = {|KMS106:decrypted.Plaintext|} });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // out keyId between the calls: SourceKeyId becomes the new key.
    public Task Offers_no_fix_when_a_value_is_written_by_an_out_argument_between_the_calls() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext, Dictionary<string, string> keys)
            {
                var keyId = "alias/old";
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext, KeyId = keyId });
                keys.TryGetValue("new", out keyId);
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = {|KMS106:decrypted.Plaintext|} });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // The ciphertext stream is disposed between the calls: ReEncrypt gets a disposed stream.
    public Task Offers_no_fix_when_the_ciphertext_is_disposed_between_the_calls() => Verify.VerifyNotOfferedAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext });
                ciphertext.Dispose();
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|} });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // CS1028: the #region on the removed Decrypt statement goes (only comments are carried), #endregion stays.
    public Task Keeps_the_region_of_the_removed_decrypt() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext)
            {
                #region Re-encrypt under the new key
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext });
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|} });
                #endregion
                return encrypted.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext)
            {
                #region Re-encrypt under the new key
                var encrypted = await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = ciphertext });
                #endregion
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // A disabled #if block before the removed Decrypt statement is deleted with it (code lost silently).
    public Task Keeps_an_inactive_if_block_before_the_removed_decrypt() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext)
            {
        #if TRACE_KMS
                Console.WriteLine("re-encrypting");
        #endif
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext }); // legacy key, see ticket 42
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|} });
                return encrypted.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext)
            {
        #if TRACE_KMS
                Console.WriteLine("re-encrypting");
        #endif
                // legacy key, see ticket 42
                var encrypted = await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = ciphertext });
                return encrypted.CiphertextBlob;
            }
        }
        """);

    [Fact] // Code between the calls that leaves the Decrypt request's values alone keeps the fix; a trailing comment is kept.
    public Task Keeps_the_fix_past_code_that_leaves_the_decrypt_values_alone() => Verify.VerifyAsync(Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext, Dictionary<string, string> context, List<string> log)
            {
                var request = new DecryptRequest { CiphertextBlob = ciphertext, EncryptionContext = context }; // from the archive
                var decrypted = await kms.DecryptAsync(request);
                log.Add("moving");
                var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/new", Plaintext = {|KMS106:decrypted.Plaintext|}, EncryptionContext = context });
                return encrypted.CiphertextBlob;
            }
        }
        """, Usings + """
        class KeyMigration
        {
            async Task<MemoryStream> Move(IAmazonKeyManagementService kms, MemoryStream ciphertext, Dictionary<string, string> context, List<string> log)
            {
                // from the archive
                log.Add("moving");
                var encrypted = await kms.ReEncryptAsync(new ReEncryptRequest { DestinationKeyId = "alias/new", CiphertextBlob = ciphertext, SourceEncryptionContext = context, DestinationEncryptionContext = context });
                return encrypted.CiphertextBlob;
            }
        }
        """);
}
