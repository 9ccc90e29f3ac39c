using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.KmsCallInLoopAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class KmsCallInLoopAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_calls_in_foreach_for_and_while_bodies() => Verify.VerifyAsync(Usings + """
        class Orders(IAmazonKeyManagementService kms)
        {
            async Task Seal(IReadOnlyList<MemoryStream> cards)
            {
                foreach (var card in cards)
                {
                    await {|KMS201:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card })|};
                }

                for (var i = 0; i < cards.Count; i++)
                {
                    await {|KMS201:kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/cards", KeySpec = DataKeySpec.AES_256 })|};
                }

                var queue = new Queue<MemoryStream>(cards);
                while (queue.Count > 0)
                {
                    await {|KMS201:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = queue.Dequeue() })|};
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_select_projection_under_WhenAll_and_Parallel_ForEachAsync() => Verify.VerifyAsync(Usings + """
        class Orders(IAmazonKeyManagementService kms)
        {
            async Task<EncryptResponse[]> Seal(IEnumerable<MemoryStream> cards)
            {
                await Parallel.ForEachAsync(cards, async (card, cancellation) =>
                    await {|KMS201:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card }, cancellation)|});
                return await Task.WhenAll(cards.Select(card => {|KMS201:kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card })|}));
            }

            Task<DecryptResponse[]> Open(List<MemoryStream> blobs) =>
                Task.WhenAll(blobs.ConvertAll(blob => {|KMS201:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })|}));
        }
        """);

    [Fact]
    public Task Flags_a_do_loop_and_Parallel_For_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Orders
        {
            void Seal(IAmazonKeyManagementService kms, MemoryStream[] cards)
            {
                var i = 0;
                do
                {
                    {|KMS201:kms.Encrypt(new EncryptRequest { KeyId = "alias/cards", Plaintext = cards[i] })|};
                }
                while (++i < cards.Length);

                Parallel.For(0, cards.Length, n => {|KMS201:kms.Encrypt(new EncryptRequest { KeyId = "alias/cards", Plaintext = cards[n] })|});
            }
        }
        """);

    [Fact]
    public Task Message_names_the_call_and_what_repeats_it() => Verify.VerifyAsync(
        Usings + """
        class Orders(IAmazonKeyManagementService kms)
        {
            IEnumerable<Task<DecryptResponse>> Open(IEnumerable<MemoryStream> blobs) =>
                blobs.Select(blob => {|#0:kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("DecryptAsync", "in this Select projection"));

    [Fact]
    public Task Does_not_flag_a_data_key_generated_once_before_the_loop() => Verify.VerifyAsync(Usings + """
        using System.Security.Cryptography;

        class Orders(IAmazonKeyManagementService kms)
        {
            async Task<List<byte[]>> Seal(IReadOnlyList<byte[]> cards)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/cards", KeySpec = DataKeySpec.AES_256 });
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using var gcm = new AesGcm(key, 16);
                    var sealedCards = new List<byte[]>();
                    foreach (var card in cards)
                    {
                        var nonce = RandomNumberGenerator.GetBytes(12);
                        var output = new byte[card.Length + 28];
                        nonce.CopyTo(output, 0);
                        gcm.Encrypt(nonce, card, output.AsSpan(12, card.Length), output.AsSpan(12 + card.Length));
                        sealedCards.Add(output);
                    }

                    return sealedCards;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_retry_loop_or_a_call_that_produces_the_items() => Verify.VerifyAsync(Usings + """
        class Orders(IAmazonKeyManagementService kms)
        {
            async Task<DecryptResponse> OpenWithRetry(MemoryStream blob)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob });
                    }
                    catch (KMSInternalException) when (attempt < 3)
                    {
                        await Task.Delay(100 * attempt);
                    }
                }
            }

            async Task<int> Count(MemoryStream blob)
            {
                var count = 0;
                foreach (var b in (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })).Plaintext.ToArray())
                {
                    count += b;
                }

                return count;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_lambda_that_runs_once() => Verify.VerifyAsync(Usings + """
        class Orders(IAmazonKeyManagementService kms)
        {
            private readonly Lazy<Task<GenerateDataKeyResponse>> _dataKey = new(() =>
                kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/cards", KeySpec = DataKeySpec.AES_256 }));

            Task<EncryptResponse> Seal(MemoryStream card) =>
                Task.Run(() => kms.EncryptAsync(new EncryptRequest { KeyId = "alias/cards", Plaintext = card }));
        }
        """);
}
