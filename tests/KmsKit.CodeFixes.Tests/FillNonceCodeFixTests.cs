using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.ConstantNonceAnalyzer, KmsKit.CodeFixes.FillNonceCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class FillNonceCodeFixTests
{
    [Fact]
    public Task Fills_the_nonce_before_the_encryption() => Verify.VerifyAsync("""
        using System.Security.Cryptography;

        record Sealed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

        class Envelope
        {
            Sealed Seal(AesGcm gcm, byte[] data)
            {
                var nonce = new byte[12];
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                // One message per call.
                gcm.Encrypt({|KMS103:nonce|}, data, ciphertext, tag);
                return new Sealed(nonce, ciphertext, tag);
            }
        }
        """, """
        using System.Security.Cryptography;

        record Sealed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

        class Envelope
        {
            Sealed Seal(AesGcm gcm, byte[] data)
            {
                var nonce = new byte[12];
                var ciphertext = new byte[data.Length];
                var tag = new byte[16];
                RandomNumberGenerator.Fill(nonce);
                // One message per call.
                gcm.Encrypt(nonce, data, ciphertext, tag);
                return new Sealed(nonce, ciphertext, tag);
            }
        }
        """);

    [Fact]
    public Task Fixes_all_nonces_of_a_document() => Verify.VerifyAsync("""
        using System.Security.Cryptography;

        class Envelope
        {
            (byte[] Nonce, byte[] Tag) SealOrder(AesGcm gcm, byte[] order, byte[] output)
            {
                var nonce = new byte[12];
                var tag = new byte[16];
                gcm.Encrypt({|KMS103:nonce|}, order, output, tag);
                return (nonce, tag);
            }

            (byte[] Nonce, byte[] Tag) SealInvoice(ChaCha20Poly1305 cipher, byte[] invoice, byte[] output)
            {
                var nonce = new byte[12];
                var tag = new byte[16];
                cipher.Encrypt({|KMS103:nonce|}, invoice, output, tag);
                return (nonce, tag);
            }
        }
        """, """
        using System.Security.Cryptography;

        class Envelope
        {
            (byte[] Nonce, byte[] Tag) SealOrder(AesGcm gcm, byte[] order, byte[] output)
            {
                var nonce = new byte[12];
                var tag = new byte[16];
                RandomNumberGenerator.Fill(nonce);
                gcm.Encrypt(nonce, order, output, tag);
                return (nonce, tag);
            }

            (byte[] Nonce, byte[] Tag) SealInvoice(ChaCha20Poly1305 cipher, byte[] invoice, byte[] output)
            {
                var nonce = new byte[12];
                var tag = new byte[16];
                RandomNumberGenerator.Fill(nonce);
                cipher.Encrypt(nonce, invoice, output, tag);
                return (nonce, tag);
            }
        }
        """);
}
