using System;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Audit;

/// <summary>Signs the audit file's digests.</summary>
internal interface IAuditSigner : IDisposable
{
    /// <summary>The public key as DER SubjectPublicKeyInfo, written into every digest.</summary>
    byte[] PublicKey { get; }

    /// <summary><see cref="AuditLogFormat.Fingerprint"/> of <see cref="PublicKey"/>.</summary>
    string Fingerprint { get; }

    /// <summary>An ECDSA P-256 signature (DER) of SHA-256(<paramref name="data"/>).</summary>
    byte[] Sign(byte[] data);
}

/// <summary>
/// The audit log's signing key: an ECDSA P-256 key pair in the engine's own token, made the first time an audit file
/// is written and kept (CKA_ID <see cref="MaterialId"/>, label <c>kmskit:audit-log</c>, private part sensitive and not
/// extractable, as every key the engine makes). It holds its own session on the token, so that it outlives the engine
/// core that named the token (a server's reset retires cores; the log goes on).
/// </summary>
internal sealed class AuditSigningKey : IAuditSigner
{
    /// <summary>The key's CKA_ID, as hex: no key material id (64 hex digits of random) can be this.</summary>
    internal static readonly string MaterialId = Convert.ToHexString(Encoding.ASCII.GetBytes("kmskit:audit-log:ecdsa-p256:1")).ToLowerInvariant();

    private const string Label = "kmskit:audit-log";
    private readonly Pkcs11Token _token;
    private readonly byte[] _id = KeyMaterials.TokenId(MaterialId);

    private AuditSigningKey(Pkcs11Token token)
    {
        _token = token;
        var spec = KeySpecInfo.Get("ECC_NIST_P256");
        var publicKeys = new PublicKeys(token);
        try
        {
            PublicKey = publicKeys.SubjectPublicKeyInfo(MaterialId, spec);
        }
        catch (HsmKeyMissingException)
        {
            token.GenerateEc(_id, Label, spec.CurveParameters(), agreement: false);
            PublicKey = publicKeys.SubjectPublicKeyInfo(MaterialId, spec);
        }

        Fingerprint = AuditLogFormat.Fingerprint(PublicKey);
        ProveKeyPair();
    }

    public byte[] PublicKey { get; }

    public string Fingerprint { get; }

    public static AuditSigningKey Open(TokenOptions options)
    {
        var token = Pkcs11Token.Open(options);
        try
        {
            return new AuditSigningKey(token);
        }
        catch
        {
            token.Dispose();
            throw;
        }
    }

    public byte[] Sign(byte[] data)
    {
        var raw = _token.Sign(_id, CKM.CKM_ECDSA, null, SHA256.HashData(data));
        return EcdsaSignatureEncoding.ToDer(raw);
    }

    public void Dispose() => _token.Dispose();

    /// <summary>
    /// Two processes that made the key at the same moment could leave two pairs under one id, the private part of one
    /// found with the public part of the other: every digest would then fail to verify. Found here, at start, instead.
    /// </summary>
    private void ProveKeyPair()
    {
        var probe = RandomNumberGenerator.GetBytes(32);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(PublicKey, out _);
        if (!ecdsa.VerifyData(probe, Sign(probe), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new InvalidOperationException(
                $"The audit log's signing key in the token (CKA_ID {MaterialId}) does not match its public key: the token holds two such keys; remove them to make a new one.");
        }
    }
}
