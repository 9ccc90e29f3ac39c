using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsKit.Runtime.Signing;

/// <summary>
/// Verifies signatures made by a KMS asymmetric key without calling KMS for each one: the public key is fetched
/// once (GetPublicKey) and verification is local, with KMS's conventions (ECDSA signatures in DER; RSA-PSS with
/// a salt as long as the hash). Supports the ECDSA and RSA signing algorithms; SM2, Ed25519 and ML-DSA are refused.
/// </summary>
public sealed class KmsSignatureVerifier : IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly HashSet<string> _signingAlgorithms;
    private bool _disposed;

    private KmsSignatureVerifier(string keyId, AsymmetricAlgorithm key, IEnumerable<string> signingAlgorithms)
    {
        KeyId = keyId;
        _key = key;
        _signingAlgorithms = signingAlgorithms.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The key ARN (as KMS returned it) or the id given.</summary>
    public string KeyId { get; }

    /// <summary>Fetches the public key of <paramref name="keyId"/> once; the key must be a SIGN_VERIFY key.</summary>
    public static async Task<KmsSignatureVerifier> CreateAsync(IAmazonKeyManagementService kms, string keyId, IEnumerable<string>? grantTokens = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        var tokens = grantTokens?.ToList();
        GetPublicKeyResponse response;
        try
        {
            response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId, GrantTokens = tokens is { Count: > 0 } ? tokens : null }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw new EncryptionSdkException($"AWS KMS refused GetPublicKey for key '{keyId}': {e.ErrorCode} ({e.Message})", e);
        }

        if (response.KeyUsage != KeyUsageType.SIGN_VERIFY)
        {
            throw new EncryptionSdkException($"The KMS key '{keyId}' has key usage {response.KeyUsage}, not SIGN_VERIFY: it does not sign.");
        }

        return FromPublicKey(response.KeyId ?? keyId, response.PublicKey.ToArray(), response.SigningAlgorithms ?? []);
    }

    /// <summary>A verifier over a DER SubjectPublicKeyInfo (what GetPublicKey returns) and the key's signing algorithms.</summary>
    public static KmsSignatureVerifier FromPublicKey(string keyId, byte[] subjectPublicKeyInfo, IEnumerable<string> signingAlgorithms)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        var algorithms = signingAlgorithms.ToList();
        AsymmetricAlgorithm key = algorithms.Any(a => a.StartsWith("ECDSA_", StringComparison.Ordinal)) ? ECDsa.Create() : RSA.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return new KmsSignatureVerifier(keyId, key, algorithms);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new EncryptionSdkException($"The public key of '{keyId}' is not an ECDSA or RSA key this verifier supports.", e);
        }
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the key's signature of <paramref name="message"/> (RAW) or of the
    /// digest <paramref name="message"/> (DIGEST), as KMS Verify would answer.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, SigningAlgorithmSpec algorithm, MessageType? messageType = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(algorithm);
        if (!_signingAlgorithms.Contains(algorithm.Value))
        {
            throw new ArgumentException($"The KMS key '{KeyId}' does not sign with {algorithm.Value}; it supports {string.Join(", ", _signingAlgorithms)}.", nameof(algorithm));
        }

        var (hash, hashLength) = algorithm.Value[^3..] switch
        {
            "256" => (HashAlgorithmName.SHA256, 32),
            "384" => (HashAlgorithmName.SHA384, 48),
            "512" => (HashAlgorithmName.SHA512, 64),
            _ => throw new ArgumentException($"The signing algorithm {algorithm.Value} is not supported by the local verifier.", nameof(algorithm)),
        };
        Span<byte> digest = stackalloc byte[64];
        if (messageType == MessageType.DIGEST)
        {
            if (message.Length != hashLength)
            {
                throw new ArgumentException($"A {algorithm.Value} digest has {hashLength} bytes, not {message.Length}.", nameof(message));
            }

            message.CopyTo(digest);
        }
        else
        {
            using var hasher = IncrementalHash.CreateHash(hash);
            hasher.AppendData(message);
            hasher.TryGetHashAndReset(digest, out _);
        }

        return _key switch
        {
            ECDsa ecdsa => ecdsa.VerifyHash(digest[..hashLength], signature, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.VerifyHash(digest[..hashLength], signature, hash, algorithm.Value.StartsWith("RSASSA_PSS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            _ => false,
        };
    }

    /// <summary>Releases the public key; <see cref="Verify"/> then throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _key.Dispose();
    }
}
