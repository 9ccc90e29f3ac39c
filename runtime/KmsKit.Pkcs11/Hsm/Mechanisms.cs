using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>The mechanisms and parameters the engine uses, built with Pkcs11Interop's factories.</summary>
internal static class Mechanisms
{
    public static IMechanism Create(CKM mechanism) => Pkcs11Libraries.Factories.MechanismFactory.Create(mechanism);

    /// <summary>A mechanism owns unmanaged memory (with its parameters): dispose it, or the finalizer pays later.</summary>
    public static IMechanism Create(CKM mechanism, IMechanismParams? parameters) =>
        parameters is null ? Create(mechanism) : Pkcs11Libraries.Factories.MechanismFactory.Create(mechanism, parameters);

    // SoftHSM ignores ulIvBits, but the structure must carry it.
    public static ICkGcmParams Gcm(byte[] iv, byte[] aad) =>
        Pkcs11Libraries.Factories.MechanismParamsFactory.CreateCkGcmParams(iv, (ulong)iv.Length * 8, aad, 128);

    public static ICkRsaPkcsOaepParams OaepSha1() =>
        Pkcs11Libraries.Factories.MechanismParamsFactory.CreateCkRsaPkcsOaepParams(
            ConvertUtils.UInt64FromCKM(CKM.CKM_SHA_1), ConvertUtils.UInt64FromCKG(CKG.CKG_MGF1_SHA1), CKZ.CKZ_DATA_SPECIFIED, null);

    public static ICkRsaPkcsPssParams Pss(CKM hash, CKG mgf, int saltLength) =>
        Pkcs11Libraries.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
            ConvertUtils.UInt64FromCKM(hash), ConvertUtils.UInt64FromCKG(mgf), (ulong)saltLength);
}
