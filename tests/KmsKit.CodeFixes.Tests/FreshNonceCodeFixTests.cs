using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.ConstantNonceAnalyzer, KmsKit.CodeFixes.FreshNonceCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class FreshNonceCodeFixTests
{
    [Fact]
    public Task Replaces_a_static_nonce_written_to_the_output_with_a_stack_nonce_and_removes_the_field() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Security.Cryptography;

        class Sealer
        {
            // One nonce for the whole process.
            private static readonly byte[] Nonce = new byte[12];

            private readonly AesGcm _gcm;

            public Sealer(AesGcm gcm) => _gcm = gcm;

            public void Seal(byte[] data, Stream output)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                _gcm.Encrypt({|KMS103:Nonce|}, data, ciphertext, tag);
                output.Write(Nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }
        """, """
        using System;
        using System.IO;
        using System.Security.Cryptography;

        class Sealer
        {
            private readonly AesGcm _gcm;

            public Sealer(AesGcm gcm) => _gcm = gcm;

            public void Seal(byte[] data, Stream output)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                Span<byte> nonce = stackalloc byte[12];
                RandomNumberGenerator.Fill(nonce);
                _gcm.Encrypt(nonce, data, ciphertext, tag);
                output.Write(nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }
        """);

    [Fact]
    public Task Uses_a_new_array_when_the_nonce_is_returned() => Verify.VerifyAsync("""
        using System;
        using System.Security.Cryptography;

        record Sealed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

        class Envelope
        {
            Sealed Seal(ChaCha20Poly1305 cipher, byte[] data)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                cipher.Encrypt({|KMS103:s_nonce|}, data, ciphertext, tag);
                return new Sealed(s_nonce, ciphertext, tag);
            }

            static readonly byte[] s_nonce = Convert.FromHexString("000102030405060708090A0B");
        }
        """, """
        using System;
        using System.Security.Cryptography;

        record Sealed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

        class Envelope
        {
            Sealed Seal(ChaCha20Poly1305 cipher, byte[] data)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                var nonce = new byte[12];
                RandomNumberGenerator.Fill(nonce);
                cipher.Encrypt(nonce, data, ciphertext, tag);
                return new Sealed(nonce, ciphertext, tag);
            }
        }
        """);

    [Fact]
    public Task Declares_the_nonce_before_its_first_read() => Verify.VerifyAsync("""
        using System;
        using System.Security.Cryptography;

        class Packets
        {
            private static readonly byte[] Nonce = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

            public byte[] Seal(AesGcm gcm, byte[] data)
            {
                var packet = new byte[Nonce.Length + data.Length + 16];
                gcm.Encrypt({|KMS103:Nonce|}, data, packet.AsSpan(12, data.Length), packet.AsSpan(12 + data.Length));
                Nonce.CopyTo(packet, 0);
                return packet;
            }
        }
        """, """
        using System;
        using System.Security.Cryptography;

        class Packets
        {
            public byte[] Seal(AesGcm gcm, byte[] data)
            {
                var nonce = new byte[12];
                RandomNumberGenerator.Fill(nonce);
                var packet = new byte[nonce.Length + data.Length + 16];
                gcm.Encrypt(nonce, data, packet.AsSpan(12, data.Length), packet.AsSpan(12 + data.Length));
                nonce.CopyTo(packet, 0);
                return packet;
            }
        }
        """);

    [Fact]
    public Task Uses_a_new_array_in_an_async_method() => Verify.VerifyAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;

        class Sealer
        {
            private static readonly byte[] Nonce = new byte[12];

            public async Task SealAsync(AesGcm gcm, byte[] data, Stream output)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:Nonce|}, data, ciphertext, tag);
                output.Write(Nonce);
                await output.WriteAsync(ciphertext);
                await output.WriteAsync(tag);
            }
        }
        """, """
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;

        class Sealer
        {
            public async Task SealAsync(AesGcm gcm, byte[] data, Stream output)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                var nonce = new byte[12];
                RandomNumberGenerator.Fill(nonce);
                gcm.Encrypt(nonce, data, ciphertext, tag);
                output.Write(nonce);
                await output.WriteAsync(ciphertext);
                await output.WriteAsync(tag);
            }
        }
        """);

    [Fact]
    public Task Fixes_all_nonce_fields_of_a_document() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Security.Cryptography;

        class Orders
        {
            private static readonly byte[] Nonce = new byte[12];

            public void Seal(AesGcm gcm, byte[] order, Stream output)
            {
                var ciphertext = new byte[order.Length];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:Nonce|}, order, ciphertext, tag);
                output.Write(Nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }

        class Invoices
        {
            private static readonly byte[] Nonce = new byte[12];

            public void Seal(ChaCha20Poly1305 cipher, byte[] invoice, Stream output)
            {
                var ciphertext = new byte[invoice.Length];
                var tag = new byte[16];
                cipher.Encrypt({|KMS103:Invoices.Nonce|}, invoice, ciphertext, tag);
                output.Write(Invoices.Nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }
        """, """
        using System;
        using System.IO;
        using System.Security.Cryptography;

        class Orders
        {
            public void Seal(AesGcm gcm, byte[] order, Stream output)
            {
                var ciphertext = new byte[order.Length];
                var tag = new byte[16];
                Span<byte> nonce = stackalloc byte[12];
                RandomNumberGenerator.Fill(nonce);
                gcm.Encrypt(nonce, order, ciphertext, tag);
                output.Write(nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }

        class Invoices
        {
            public void Seal(ChaCha20Poly1305 cipher, byte[] invoice, Stream output)
            {
                var ciphertext = new byte[invoice.Length];
                var tag = new byte[16];
                Span<byte> nonce = stackalloc byte[12];
                RandomNumberGenerator.Fill(nonce);
                cipher.Encrypt(nonce, invoice, ciphertext, tag);
                output.Write(nonce);
                output.Write(ciphertext);
                output.Write(tag);
            }
        }
        """);

    [Fact]
    public Task Is_not_offered_when_another_method_decrypts_with_the_field() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Security.Cryptography;

        class Sealer
        {
            private static readonly byte[] Nonce = new byte[12];

            public void Seal(AesGcm gcm, byte[] data, byte[] ciphertext, byte[] tag, Stream output)
            {
                gcm.Encrypt({|KMS103:Nonce|}, data, ciphertext, tag);
                output.Write(Nonce);
            }

            public void Open(AesGcm gcm, byte[] ciphertext, byte[] tag, byte[] data) => gcm.Decrypt(Nonce, ciphertext, tag, data);
        }
        """);

    [Fact]
    public Task Is_not_offered_when_the_nonce_is_not_written_out_with_the_ciphertext() => Verify.VerifyNotOfferedAsync("""
        using System.Security.Cryptography;

        class Sealer
        {
            private static readonly byte[] Nonce = new byte[12];

            public (byte[] Ciphertext, byte[] Tag) Seal(AesGcm gcm, byte[] data)
            {
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:Nonce|}, data, ciphertext, tag);
                return (ciphertext, tag);
            }
        }
        """);

    [Fact]
    public Task Is_not_offered_for_a_field_other_types_can_read() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Security.Cryptography;

        class Sealer
        {
            internal static readonly byte[] Nonce = new byte[12];

            public void Seal(AesGcm gcm, byte[] data, byte[] ciphertext, byte[] tag, Stream output)
            {
                gcm.Encrypt({|KMS103:Nonce|}, data, ciphertext, tag);
                output.Write(Nonce);
            }
        }
        """);

    [Fact]
    public Task Is_not_offered_when_two_encryptions_of_one_method_share_the_field() => Verify.VerifyNotOfferedAsync("""
        using System.IO;
        using System.Security.Cryptography;

        class Sealer
        {
            private static readonly byte[] Nonce = new byte[12];

            public void Seal(AesGcm gcm, byte[] header, byte[] body, byte[] output, byte[] tag, Stream stream)
            {
                gcm.Encrypt({|KMS103:Nonce|}, header, output, tag);
                gcm.Encrypt({|KMS103:Nonce|}, body, output, tag);
                stream.Write(Nonce);
            }
        }
        """);
}
