using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.PlaintextDataKeyNotZeroedAnalyzer, KmsKit.CodeFixes.ZeroPlaintextKeyCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class ZeroPlaintextKeyCodeFixTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Guards_the_uses_of_a_copy_and_zeroes_it_and_the_stream() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();

                // The key encrypts one message.
                using var aes = new AesGcm(key, 16);
                var output = new byte[data.Length];
                aes.Encrypt(nonce, data, output, new byte[16]); // tag dropped for brevity
                return output;
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] nonce)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();

                try
                {
                    // The key encrypts one message.
                    using var aes = new AesGcm(key, 16);
                    var output = new byte[data.Length];
                    aes.Encrypt(nonce, data, output, new byte[16]); // tag dropped for brevity
                    return output;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Moves_clears_made_after_the_uses_into_finally_in_the_sync_sdk() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            byte[] Sign(IAmazonKeyManagementService kms, DecryptRequest request, byte[] data)
            {
                var decrypted = kms.Decrypt(request);
                var {|KMS101:key|} = {|KMS101:decrypted.Plaintext|}.ToArray();
                byte[] mac;
                using (var hmac = new HMACSHA256(key))
                {
                    mac = hmac.ComputeHash(data);
                }

                // Skipped when ComputeHash throws.
                Array.Clear(key, 0, key.Length);
                return mac;
            }
        }
        """, Usings + """
        class Envelope
        {
            byte[] Sign(IAmazonKeyManagementService kms, DecryptRequest request, byte[] data)
            {
                var decrypted = kms.Decrypt(request);
                var key = decrypted.Plaintext.ToArray();
                try
                {
                    byte[] mac;
                    using (var hmac = new HMACSHA256(key))
                    {
                        mac = hmac.ComputeHash(data);
                    }

                    // Skipped when ComputeHash throws.
                    return mac;
                }
                finally
                {
                    Array.Clear(key, 0, key.Length);
                    if (decrypted.Plaintext.TryGetBuffer(out var buffer))
                    {
                        Array.Clear(buffer.Array, buffer.Offset, buffer.Count);
                    }
                }
            }
        }
        """, TestReferences.Net472WithKms);

    [Fact]
    public Task Gives_an_expression_bodied_member_a_block_and_locals_for_the_inline_key() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            // One data key per message.
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data) =>
                HMACSHA256.HashData({|KMS101:{|KMS101:(await kms.GenerateDataKeyAsync(request)).Plaintext|}.ToArray()|}, data);
        }
        """, Usings + """
        class Signer
        {
            // One data key per message.
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_every_key_of_the_document() => Verify.VerifyAsync(Usings + """
        class Keys
        {
            async Task<byte[]> First(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                return HMACSHA256.HashData(key, data);
            }

            async Task<byte[]> Second(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                return HMACSHA512.HashData(key, data);
            }
        }
        """, Usings + """
        class Keys
        {
            async Task<byte[]> First(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }

            async Task<byte[]> Second(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA512.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Adds_the_copy_to_the_finally_that_already_zeroes_the_stream() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            async Task<byte[]> Sign(IAmazonKeyManagementService kms, GenerateDataKeyPairRequest request, byte[] digest)
            {
                var pair = await kms.GenerateDataKeyPairAsync(request);
                var {|KMS101:der|} = pair.PrivateKeyPlaintext.ToArray();
                try
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportPkcs8PrivateKey(der, out _);
                    return ecdsa.SignHash(digest);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(pair.PrivateKeyPlaintext.GetBuffer());
                }
            }
        }
        """, Usings + """
        class Signer
        {
            async Task<byte[]> Sign(IAmazonKeyManagementService kms, GenerateDataKeyPairRequest request, byte[] digest)
            {
                var pair = await kms.GenerateDataKeyPairAsync(request);
                var der = pair.PrivateKeyPlaintext.ToArray();
                try
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportPkcs8PrivateKey(der, out _);
                    return ecdsa.SignHash(digest);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(pair.PrivateKeyPlaintext.GetBuffer());
                    CryptographicOperations.ZeroMemory(der);
                }
            }
        }
        """);

    [Fact]
    public Task Guards_a_copy_made_inside_the_try_that_zeroes_the_stream() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                try
                {
                    var {|KMS101:key|} = dataKey.Plaintext.ToArray();
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                try
                {
                    var key = dataKey.Plaintext.ToArray();
                    try
                    {
                        return HMACSHA256.HashData(key, data);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(key);
                    }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_nests_the_second_key_of_a_method_in_the_first_keys_try() => Verify.VerifyAsync(Usings + """
        class Keys
        {
            async Task<byte[]> Both(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var first = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:outer|} = {|KMS101:first.Plaintext|}.ToArray();
                var second = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:inner|} = {|KMS101:second.Plaintext|}.ToArray();
                return HMACSHA256.HashData(outer, HMACSHA256.HashData(inner, data));
            }
        }
        """, Usings + """
        class Keys
        {
            async Task<byte[]> Both(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var first = await kms.GenerateDataKeyAsync(request);
                var outer = first.Plaintext.ToArray();
                try
                {
                    var second = await kms.GenerateDataKeyAsync(request);
                    var inner = second.Plaintext.ToArray();
                    try
                    {
                        return HMACSHA256.HashData(outer, HMACSHA256.HashData(inner, data));
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(inner);
                        if (second.Plaintext.TryGetBuffer(out var buffer2))
                        {
                            CryptographicOperations.ZeroMemory(buffer2);
                        }
                    }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(outer);
                    if (first.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Gives_an_inline_copy_a_local_just_before_its_statement() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] nonce, byte[] tag)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var output = new byte[data.Length];
                using var aes = new AesGcm({|KMS101:{|KMS101:dataKey.Plaintext|}.ToArray()|}, 16);
                aes.Encrypt(nonce, data, output, tag);
                return output;
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] nonce, byte[] tag)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var output = new byte[data.Length];
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    using var aes = new AesGcm(key, 16);
                    aes.Encrypt(nonce, data, output, tag);
                    return output;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_the_key_is_read_before_its_copy_is_made() => Verify.VerifyNotOfferedAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                Console.WriteLine({|KMS101:dataKey.Plaintext|}.Length);
                var {|KMS101:key|} = dataKey.Plaintext.ToArray();
                return HMACSHA256.HashData(key, data);
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_taking_the_copy_out_would_run_it_before_an_earlier_call() => Verify.VerifyNotOfferedAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, Func<byte[]> read)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                try
                {
                    return Mac(read(), {|KMS101:dataKey.Plaintext.ToArray()|});
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey.Plaintext.GetBuffer());
                }
            }

            static byte[] Mac(byte[] data, byte[] key) => HMACSHA256.HashData(key, data);
        }
        """);

    [Fact]
    public Task Gives_a_GetResult_response_a_local() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            byte[] Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                return HMACSHA256.HashData({|KMS101:{|KMS101:kms.GenerateDataKeyAsync(request).GetAwaiter().GetResult().Plaintext|}.ToArray()|}, data);
            }
        }
        """, Usings + """
        class Signer
        {
            byte[] Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = kms.GenerateDataKeyAsync(request).GetAwaiter().GetResult();
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Keeps_the_comment_of_an_expression_body() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data) =>
                // One data key per message.
                HMACSHA256.HashData({|KMS101:{|KMS101:(await kms.GenerateDataKeyAsync(request)).Plaintext|}.ToArray()|}, data);
        }
        """, Usings + """
        class Signer
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    // One data key per message.
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Gives_a_Result_response_a_local() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            byte[] Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                return HMACSHA256.HashData({|KMS101:{|KMS101:kms.GenerateDataKeyAsync(request).Result.Plaintext|}.ToArray()|}, data);
            }
        }
        """, Usings + """
        class Signer
        {
            byte[] Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = kms.GenerateDataKeyAsync(request).Result;
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Keeps_a_trailing_local_function_in_scope() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, string keyId, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(Request());
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                return HMACSHA256.HashData(key, data);

                GenerateDataKeyRequest Request() => new() { KeyId = keyId, KeySpec = DataKeySpec.AES_256 };
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, string keyId, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(Request());
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }

                GenerateDataKeyRequest Request() => new() { KeyId = keyId, KeySpec = DataKeySpec.AES_256 };
            }
        }
        """);

    [Theory]
    [InlineData("Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, Stream data)\n    {\n        var dataKey = kms.GenerateDataKeyAsync(request).Result;\n        var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();\n        return HMACSHA256.HashDataAsync(key, data).AsTask();\n    }")]
    [InlineData("ValueTask<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, Stream data)\n    {\n        var dataKey = kms.GenerateDataKeyAsync(request).Result;\n        var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();\n        return HMACSHA256.HashDataAsync(key, data);\n    }")]
    public Task Is_not_offered_when_a_method_that_is_not_async_returns_a_task_that_reads_the_key(string method) => Verify.VerifyNotOfferedAsync(Usings + $$"""
        class Envelope
        {
            {{method}}
        }
        """);

    [Fact]
    public Task Is_not_offered_when_a_goto_before_the_try_targets_a_label_after_it() => Verify.VerifyNotOfferedAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                byte[] result = Array.Empty<byte>();
                var dataKey = await kms.GenerateDataKeyAsync(request);
                if (data.Length == 0) goto done;
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                result = HMACSHA256.HashData(key, data);
            done:
                return result;
            }
        }
        """);

    [Fact]
    public Task Keeps_the_endif_of_a_dropped_last_clear() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] output)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
        #if NET8_0_OR_GREATER
                HMACSHA256.HashData(key, data, output);
        #else
                using (var hmac = new HMACSHA256(key)) hmac.ComputeHash(data).CopyTo(output, 0);
        #endif
                CryptographicOperations.ZeroMemory(key);
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] output)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
        #if NET8_0_OR_GREATER
                HMACSHA256.HashData(key, data, output);
        #else
                    using (var hmac = new HMACSHA256(key)) hmac.ComputeHash(data).CopyTo(output, 0);
        #endif
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Keeps_the_comments_of_a_dropped_last_clear() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] output)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                HMACSHA256.HashData(key, data, output);

                // Done with the key: wipe it.
                CryptographicOperations.ZeroMemory(key); // see KMS101
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] output)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    HMACSHA256.HashData(key, data, output);
                }
                finally
                {
                    // Done with the key: wipe it.
                    CryptographicOperations.ZeroMemory(key); // see KMS101
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Keeps_the_comment_after_a_dropped_clear_with_the_next_statement() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                var mac = HMACSHA256.HashData(key, data);
                CryptographicOperations.ZeroMemory(key); // skipped when HashData throws
                return mac;
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    var mac = HMACSHA256.HashData(key, data);
                    // skipped when HashData throws
                    return mac;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Is_not_offered_when_code_before_the_try_calls_a_local_function_declared_among_the_uses() => Verify.VerifyNotOfferedAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, string keyId, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(Request());
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                GenerateDataKeyRequest Request() => new() { KeyId = keyId, KeySpec = DataKeySpec.AES_256 };
                return HMACSHA256.HashData(key, data);
            }
        }
        """);

    [Fact]
    public Task Keeps_a_trailing_local_function_that_reads_a_local_of_the_try_in_it() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<string> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                var mac = HMACSHA256.HashData(key, data);
                return Hex();

                string Hex() => Convert.ToHexString(mac);
            }
        }
        """, Usings + """
        class Envelope
        {
            async Task<string> Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    var mac = HMACSHA256.HashData(key, data);
                    return Hex();

                    string Hex() => Convert.ToHexString(mac);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Is_not_offered_when_a_conditional_region_would_straddle_the_end_of_the_try() => Verify.VerifyNotOfferedAsync(Usings + """
        class Envelope
        {
            async Task Seal(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data, byte[] output)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var {|KMS101:key|} = {|KMS101:dataKey.Plaintext|}.ToArray();
                HMACSHA256.HashData(key, data, output);
        #if !DEBUG
                CryptographicOperations.ZeroMemory(key);
        #endif
            }
        }
        """);

    [Fact]
    public Task Keeps_the_comment_on_the_line_of_the_arrow() => Verify.VerifyAsync(Usings + """
        class Signer
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data) => // One data key per message.
                HMACSHA256.HashData({|KMS101:{|KMS101:(await kms.GenerateDataKeyAsync(request)).Plaintext|}.ToArray()|}, data);
        }
        """, Usings + """
        class Signer
        {
            async Task<byte[]> Mac(IAmazonKeyManagementService kms, GenerateDataKeyRequest request, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(request);
                var key = dataKey.Plaintext.ToArray();
                try
                {
                    // One data key per message.
                    return HMACSHA256.HashData(key, data);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                    if (dataKey.Plaintext.TryGetBuffer(out var buffer))
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                    }
                }
            }
        }
        """);
}
