using System.Collections.Concurrent;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

/// <summary>Public keys as DER SubjectPublicKeyInfo, read from the token once per material.</summary>
internal sealed class PublicKeys
{
    private readonly Pkcs11Token _token;
    private readonly ConcurrentDictionary<string, byte[]> _byMaterial = new();

    public PublicKeys(Pkcs11Token token) => _token = token;

    public byte[] SubjectPublicKeyInfo(string materialId, KeySpecInfo spec) =>
        (byte[])_byMaterial.GetOrAdd(materialId, id => Read(id, spec)).Clone();

    private byte[] Read(string materialId, KeySpecInfo spec)
    {
        var id = KeyMaterials.TokenId(materialId);
        if (spec.Family == KeyFamily.Rsa)
        {
            var rsa = _token.ReadPublicAttributes(id, CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT);
            return PublicKeyEncoding.RsaSubjectPublicKeyInfo(rsa[0], rsa[1]);
        }

        var point = _token.ReadPublicAttributes(id, CKA.CKA_EC_POINT)[0];
        return PublicKeyEncoding.EcSubjectPublicKeyInfo(point, spec.CurveOid!);
    }
}
