using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.ConstantNonceAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class ConstantNonceAnalyzerTests
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
    public Task Flags_a_new_array_never_filled() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            async Task<byte[]> Seal(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                using var gcm = new AesGcm(dataKey.Plaintext.ToArray(), 16);
                var nonce = new byte[AesGcm.NonceByteSizes.MaxSize];
                var output = new byte[data.Length];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:nonce|}, data, output, tag);
                gcm.Encrypt({|KMS103:new byte[12]|}, data, output, tag);
                return output;
            }
        }
        """);

    [Fact]
    public Task Flags_a_nonce_passed_on_only_after_the_encryption() => Verify.VerifyAsync(Usings + """
        record Sealed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

        class Envelope
        {
            Sealed Seal(AesGcm gcm, byte[] data)
            {
                var nonce = new byte[12];
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:nonce|}, data, ciphertext, tag);
                return new Sealed(nonce, ciphertext, tag);
            }
        }
        """);

    [Fact]
    public Task Flags_a_static_field() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            private static readonly byte[] Nonce = RandomNumberGenerator.GetBytes(12);

            byte[] Seal(byte[] key, byte[] data)
            {
                using var cipher = new ChaCha20Poly1305(key);
                var output = new byte[data.Length];
                cipher.Encrypt({|KMS103:Nonce|}, data, output, new byte[16]);
                return output;
            }
        }
        """);

    [Fact]
    public Task Flags_literal_and_unfilled_stackalloc_nonces() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            void Seal(byte[] key, byte[] data, byte[] output, byte[] tag)
            {
                using var gcm = new AesGcm(key, 16);
                var fixedNonce = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
                gcm.Encrypt({|KMS103:fixedNonce.AsSpan()|}, data, output, tag);
                gcm.Encrypt({|KMS103:"0123456789ab"u8|}, data, output, tag);
                gcm.Encrypt({|KMS103:Convert.FromHexString("000102030405060708090a0b")|}, data, output, tag);
                Span<byte> stackNonce = stackalloc byte[12];
                gcm.Encrypt({|KMS103:stackNonce|}, data, output, tag);
            }
        }
        """);

    [Fact]
    public Task Flags_a_zero_nonce_next_to_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Envelope
        {
            byte[] Seal(IAmazonKeyManagementService kms, byte[] data)
            {
                var dataKey = kms.GenerateDataKey(new GenerateDataKeyRequest { KeyId = "alias/app", KeySpec = DataKeySpec.AES_256 });
                var cipher = new AesGcm(dataKey.Plaintext.ToArray());
                var nonce = new byte[12];
                var output = new byte[data.Length];
                cipher.Encrypt({|KMS103:nonce|}, data, output, new byte[16]);
                return output;
            }
        }

        // .NET Framework has no AesGcm: a polyfill with the .NET API stands in for it.
        namespace System.Security.Cryptography
        {
            public sealed class AesGcm
            {
                public AesGcm(byte[] key) { }
                public void Encrypt(byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag, byte[] associatedData = null) { }
            }
        }
        """);

    [Fact]
    public Task Message_names_the_cipher_and_the_problem() => Verify.VerifyAsync(
        Usings + """
        class Envelope
        {
            private static readonly byte[] {|#1:Nonce = new byte[12]|};

            void Seal(AesCcm ccm, byte[] data, byte[] output, byte[] tag) => ccm.Encrypt({|#0:Nonce|}, data, output, tag);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("AesCcm", "the static field 'Nonce', shared by every encryption"));

    [Fact]
    public Task Does_not_flag_a_nonce_from_RandomNumberGenerator_Fill() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            byte[] Seal(byte[] key, byte[] data)
            {
                using var gcm = new AesGcm(key, 16);
                Span<byte> nonce = stackalloc byte[12];
                RandomNumberGenerator.Fill(nonce);
                var fresh = new byte[12];
                RandomNumberGenerator.Fill(fresh);
                var output = new byte[data.Length];
                gcm.Encrypt(nonce, data, output, new byte[16]);
                gcm.Encrypt(fresh, data, output, new byte[16]);
                gcm.Encrypt(RandomNumberGenerator.GetBytes(12), data, output, new byte[16]);
                return output;
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_counter_nonce() => Verify.VerifyAsync(Usings + """
        using System.Buffers.Binary;

        class FrameWriter(byte[] key)
        {
            private readonly AesGcm _gcm = new(key, 16);
            private ulong _sequence;

            public void Write(ReadOnlySpan<byte> frame, Span<byte> output, Span<byte> tag)
            {
                var nonce = new byte[12];
                BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), ++_sequence);
                _gcm.Encrypt(nonce, frame, output, tag);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_nonce_incremented_after_each_encryption_of_a_loop() => Verify.VerifyAsync(Usings + """
        class FrameWriter
        {
            void Write(AesGcm gcm, byte[][] frames, byte[][] outputs, byte[][] tags)
            {
                var nonce = new byte[12];
                for (var i = 0; i < frames.Length; i++)
                {
                    gcm.Encrypt(nonce, frames[i], outputs[i], tags[i]);
                    Increment(nonce);
                }
            }

            static void Increment(byte[] counter)
            {
                for (var i = counter.Length - 1; i >= 0 && ++counter[i] == 0; i--)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_nonce_from_the_caller_or_a_decrypt() => Verify.VerifyAsync(Usings + """
        class Envelope
        {
            void Seal(AesGcm gcm, byte[] nonce, byte[] data, byte[] output, byte[] tag)
            {
                gcm.Encrypt(nonce, data, output, tag);
                gcm.Decrypt(new byte[12], output, tag, data);
            }
        }
        """);
}
