using System.Security.Cryptography;
using Amazon.KeyManagementService;
using KmsKit.Runtime.Signing;

namespace KmsKit.Runtime.Tests.Signing;

/// <summary>
/// Local verification with KMS's signature conventions, over public keys made here and signed the way KMS signs.
/// Fetching the key from KMS is tested in <see cref="KmsSignatureVerifierEngineTests"/>.
/// </summary>
public sealed class KmsSignatureVerifierTests
{
    private static readonly byte[] Message = "a message signed by a KMS key"u8.ToArray();

    [Theory]
    [InlineData("ECDSA_SHA_256", 256)]
    [InlineData("ECDSA_SHA_384", 384)]
    [InlineData("ECDSA_SHA_512", 521)]
    public void Ecdsa_signatures_verify_raw_and_as_digest(string algorithm, int curveBits)
    {
        using var key = ECDsa.Create(curveBits switch { 256 => ECCurve.NamedCurves.nistP256, 384 => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        var hash = Hash(algorithm);
        var signature = key.SignData(Message, hash, DSASignatureFormat.Rfc3279DerSequence);
        using var verifier = KmsSignatureVerifier.FromPublicKey("ecc-key", key.ExportSubjectPublicKeyInfo(), [algorithm]);

        Assert.True(verifier.Verify(Message, signature, SigningAlgorithmSpec.FindValue(algorithm)));
        Assert.True(verifier.Verify(Digest(hash), signature, SigningAlgorithmSpec.FindValue(algorithm), MessageType.DIGEST));
        Assert.False(verifier.Verify("another message"u8, signature, SigningAlgorithmSpec.FindValue(algorithm)));
    }

    [Theory]
    [InlineData("RSASSA_PSS_SHA_256")]
    [InlineData("RSASSA_PSS_SHA_512")]
    [InlineData("RSASSA_PKCS1_V1_5_SHA_384")]
    public void Rsa_signatures_verify_with_their_padding(string algorithm)
    {
        using var key = RSA.Create(2048);
        var hash = Hash(algorithm);
        var padding = algorithm.Contains("PSS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var other = padding == RSASignaturePadding.Pss ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
        using var verifier = KmsSignatureVerifier.FromPublicKey("rsa-key", key.ExportSubjectPublicKeyInfo(), [algorithm]);

        Assert.True(verifier.Verify(Message, key.SignData(Message, hash, padding), SigningAlgorithmSpec.FindValue(algorithm)));
        Assert.False(verifier.Verify(Message, key.SignData(Message, hash, other), SigningAlgorithmSpec.FindValue(algorithm)));
    }

    [Fact]
    public void Algorithms_the_key_does_not_have_and_wrong_digest_lengths_are_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = KmsSignatureVerifier.FromPublicKey("ecc-key", key.ExportSubjectPublicKeyInfo(), ["ECDSA_SHA_256"]);

        Assert.Throws<ArgumentException>(() => verifier.Verify(Message, [1], SigningAlgorithmSpec.ECDSA_SHA_384));
        Assert.Throws<ArgumentException>(() => verifier.Verify(new byte[31], [1], SigningAlgorithmSpec.ECDSA_SHA_256, MessageType.DIGEST));
        Assert.Throws<EncryptionSdkException>(() => KmsSignatureVerifier.FromPublicKey("bad", [1, 2, 3], ["ECDSA_SHA_256"]));
    }

    [Fact]
    public void A_disposed_verifier_throws_ObjectDisposedException_instead_of_answering()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = key.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var verifier = KmsSignatureVerifier.FromPublicKey("key", key.ExportSubjectPublicKeyInfo(), ["ECDSA_SHA_256"]);
        Assert.True(verifier.Verify(Message, signature, SigningAlgorithmSpec.ECDSA_SHA_256));
        verifier.Dispose();

        // A malformed signature was answered "not valid" by the disposed key without a word.
        Assert.Throws<ObjectDisposedException>(() => verifier.Verify(Message, [1, 2, 3], SigningAlgorithmSpec.ECDSA_SHA_256));
        Assert.Throws<ObjectDisposedException>(() => verifier.Verify(Message, signature, SigningAlgorithmSpec.ECDSA_SHA_256));
    }

    private static HashAlgorithmName Hash(string algorithm) => algorithm[^3..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static byte[] Digest(HashAlgorithmName hash)
    {
        using var hasher = IncrementalHash.CreateHash(hash);
        hasher.AppendData(Message);
        return hasher.GetHashAndReset();
    }
}
