using System.Linq;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

internal enum SignatureScheme
{
    Ecdsa,
    Pss,
    Pkcs1,
}

/// <summary>A KMS signing algorithm: its hash and how the HSM signs the digest.</summary>
internal sealed record SigningAlgorithm(string Name, SignatureScheme Scheme, HashAlgorithmName Hash, int DigestLength, CKM HashMechanism, CKG Mgf)
{
    private static readonly SigningAlgorithm[] All =
    [
        new(SigningAlgorithmSpec.ECDSA_SHA_256.Value, SignatureScheme.Ecdsa, HashAlgorithmName.SHA256, 32, CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
        new(SigningAlgorithmSpec.ECDSA_SHA_384.Value, SignatureScheme.Ecdsa, HashAlgorithmName.SHA384, 48, CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
        new(SigningAlgorithmSpec.ECDSA_SHA_512.Value, SignatureScheme.Ecdsa, HashAlgorithmName.SHA512, 64, CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
        new(SigningAlgorithmSpec.RSASSA_PSS_SHA_256.Value, SignatureScheme.Pss, HashAlgorithmName.SHA256, 32, CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
        new(SigningAlgorithmSpec.RSASSA_PSS_SHA_384.Value, SignatureScheme.Pss, HashAlgorithmName.SHA384, 48, CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
        new(SigningAlgorithmSpec.RSASSA_PSS_SHA_512.Value, SignatureScheme.Pss, HashAlgorithmName.SHA512, 64, CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
        new(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256.Value, SignatureScheme.Pkcs1, HashAlgorithmName.SHA256, 32, CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
        new(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384.Value, SignatureScheme.Pkcs1, HashAlgorithmName.SHA384, 48, CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
        new(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512.Value, SignatureScheme.Pkcs1, HashAlgorithmName.SHA512, 64, CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
    ];

    public static SigningAlgorithm? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    public byte[] Digest(byte[] message)
    {
        using var hash = IncrementalHash.CreateHash(Hash);
        hash.AppendData(message);
        return hash.GetHashAndReset();
    }
}
