using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.VerifyInLoopAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class VerifyInLoopAnalyzerTests
{
    [Fact]
    public Task Flags_verify_in_foreach() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Webhooks
        {
            async Task<int> CountValid(IAmazonKeyManagementService kms, IEnumerable<(byte[] Body, byte[] Signature)> events)
            {
                var valid = 0;
                foreach (var (body, signature) in events)
                {
                    var response = await {|KMS204:kms.VerifyAsync(new VerifyRequest
                    {
                        KeyId = "alias/webhooks",
                        Message = new MemoryStream(body),
                        Signature = new MemoryStream(signature),
                        SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
                    })|};
                    if (response.SignatureValid == true)
                    {
                        valid++;
                    }
                }

                return valid;
            }
        }
        """);

    [Fact]
    public Task Flags_verify_in_for_loop_sync() => Verify.VerifySyncAsync("""
        using System.Collections.Generic;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Ledger
        {
            bool AllValid(IAmazonKeyManagementService kms, IReadOnlyList<VerifyRequest> entries)
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    if ({|KMS204:kms.Verify(entries[i])|}.SignatureValid != true)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
        """);

    [Fact]
    public Task Flags_verify_in_while_and_do_loops() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Queue
        {
            async Task Drain(IAmazonKeyManagementService kms, Queue<VerifyRequest> pending)
            {
                while (pending.Count > 0)
                {
                    await {|KMS204:kms.VerifyAsync(pending.Dequeue())|};
                }

                do
                {
                    await {|KMS204:kms.VerifyAsync(new VerifyRequest())|};
                }
                while (pending.Count > 0);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_single_verify() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Webhooks
        {
            async Task<bool> IsValid(IAmazonKeyManagementService kms, VerifyRequest request) =>
                (await kms.VerifyAsync(request)).SignatureValid == true;
        }
        """);

    [Fact]
    public Task Does_not_flag_a_retry_loop_or_the_foreach_collection() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Webhooks
        {
            async Task<bool> IsValid(IAmazonKeyManagementService kms, VerifyRequest request)
            {
                while (true)
                {
                    try
                    {
                        return (await kms.VerifyAsync(request)).SignatureValid == true;
                    }
                    catch (KMSInternalException)
                    {
                        await Task.Delay(100);
                    }
                }
            }

            async Task Audit(IAmazonKeyManagementService kms, VerifyRequest request)
            {
                foreach (var c in (await kms.VerifyAsync(request)).KeyId)
                {
                    System.Console.Write(c);
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_other_kms_calls_in_a_loop_or_a_lambda_body() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Webhooks
        {
            async Task Keys(IAmazonKeyManagementService kms, List<string> keyIds)
            {
                foreach (var keyId in keyIds)
                {
                    await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId });
                    Func<Task> later = () => kms.VerifyAsync(new VerifyRequest { KeyId = keyId });
                }
            }
        }
        """);
}
