using System.Security.Cryptography;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// Data key pairs are returned to the caller by design, so they are made with .NET's cryptography (OpenSSL)
/// rather than generated as extractable objects in the HSM.
/// </summary>
internal static class DataKeyPairs
{
    /// <returns>The private key as PKCS#8 DER and the public key as SubjectPublicKeyInfo DER.</returns>
    public static (byte[] PrivateKey, byte[] PublicKey) Generate(KeySpecInfo spec)
    {
        AsymmetricAlgorithm algorithm = spec.Family == KeyFamily.Rsa
            ? RSA.Create(spec.Size)
            : ECDsa.Create(ECCurve.CreateFromValue(spec.CurveOid!));
        using (algorithm)
        {
            return (algorithm.ExportPkcs8PrivateKey(), algorithm.ExportSubjectPublicKeyInfo());
        }
    }
}
