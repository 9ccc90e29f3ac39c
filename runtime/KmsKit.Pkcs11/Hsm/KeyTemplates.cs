using System.Collections.Generic;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// Attribute templates of the token objects behind KMS keys: private material is sensitive and never
/// extractable, and each object may do only what its key usage allows.
/// </summary>
internal sealed class KeyTemplates
{
    private readonly IObjectAttributeFactory _attributes;

    public KeyTemplates(IObjectAttributeFactory attributes) => _attributes = attributes;

    public ObjectTemplate Aes256(byte[] id, string label) => new(
    [
        .. Secret(id, label, CKK.CKK_AES),
        _attributes.Create(CKA.CKA_VALUE_LEN, 32UL),
        _attributes.Create(CKA.CKA_ENCRYPT, true),
        _attributes.Create(CKA.CKA_DECRYPT, true),
    ]);

    public ObjectTemplate Hmac(byte[] id, string label, int lengthInBytes) => new(
    [
        .. Secret(id, label, CKK.CKK_GENERIC_SECRET),
        _attributes.Create(CKA.CKA_VALUE_LEN, (ulong)lengthInBytes),
        _attributes.Create(CKA.CKA_SIGN, true),
        _attributes.Create(CKA.CKA_VERIFY, true),
    ]);

    public ObjectTemplate RsaPublic(byte[] id, string label, int bits, bool signing) => new(
    [
        .. Object(id, label, CKO.CKO_PUBLIC_KEY, CKK.CKK_RSA, isPrivate: false),
        _attributes.Create(CKA.CKA_MODULUS_BITS, (ulong)bits),
        _attributes.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }),
        _attributes.Create(CKA.CKA_VERIFY, signing),
        _attributes.Create(CKA.CKA_ENCRYPT, !signing),
    ]);

    public ObjectTemplate RsaPrivate(byte[] id, string label, bool signing) => new(
    [
        .. Object(id, label, CKO.CKO_PRIVATE_KEY, CKK.CKK_RSA, isPrivate: true),
        .. Protected(),
        _attributes.Create(CKA.CKA_SIGN, signing),
        _attributes.Create(CKA.CKA_DECRYPT, !signing),
    ]);

    public ObjectTemplate EcPublic(byte[] id, string label, byte[] curveOid, bool agreement) => new(
    [
        .. Object(id, label, CKO.CKO_PUBLIC_KEY, CKK.CKK_EC, isPrivate: false),
        _attributes.Create(CKA.CKA_EC_PARAMS, curveOid),
        _attributes.Create(CKA.CKA_VERIFY, !agreement),
    ]);

    public ObjectTemplate EcPrivate(byte[] id, string label, bool agreement) => new(
    [
        .. Object(id, label, CKO.CKO_PRIVATE_KEY, CKK.CKK_EC, isPrivate: true),
        .. Protected(),
        _attributes.Create(CKA.CKA_SIGN, !agreement),
        _attributes.Create(CKA.CKA_DERIVE, agreement),
    ]);

    /// <summary>Imported secret material: as generated material, with the value given (its length follows).</summary>
    public ObjectTemplate ImportedSecret(byte[] id, string label, CKK keyType, bool mac, byte[] value) => new(
    [
        .. Secret(id, label, keyType),
        _attributes.Create(mac ? CKA.CKA_SIGN : CKA.CKA_ENCRYPT, true),
        _attributes.Create(mac ? CKA.CKA_VERIFY : CKA.CKA_DECRYPT, true),
        _attributes.Create(CKA.CKA_VALUE, value),
    ]);

    /// <summary>The ECDH output as a short-lived session object that can be read once.</summary>
    public ObjectTemplate DerivedSecret(int lengthInBytes) => new(
    [
        _attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
        _attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
        _attributes.Create(CKA.CKA_TOKEN, false),
        _attributes.Create(CKA.CKA_SENSITIVE, false),
        _attributes.Create(CKA.CKA_EXTRACTABLE, true),
        _attributes.Create(CKA.CKA_VALUE_LEN, (ulong)lengthInBytes),
    ]);

    public ObjectTemplate SessionCopy() => new([_attributes.Create(CKA.CKA_TOKEN, false)]);

    public ObjectTemplate Find(byte[] id, CKO objectClass) => new(
    [
        _attributes.Create(CKA.CKA_ID, id),
        _attributes.Create(CKA.CKA_CLASS, objectClass),
        _attributes.Create(CKA.CKA_TOKEN, true),
    ]);

    /// <summary>Every token object: session objects (copies, derived secrets) die with their session and are left out.</summary>
    public ObjectTemplate TokenObjects() => new([_attributes.Create(CKA.CKA_TOKEN, true)]);

    public ObjectTemplate FindAll(byte[] id) => new(
    [
        _attributes.Create(CKA.CKA_ID, id),
        _attributes.Create(CKA.CKA_TOKEN, true),
    ]);

    private List<IObjectAttribute> Secret(byte[] id, string label, CKK keyType) =>
    [
        .. Object(id, label, CKO.CKO_SECRET_KEY, keyType, isPrivate: true),
        .. Protected(),
    ];

    private List<IObjectAttribute> Object(byte[] id, string label, CKO objectClass, CKK keyType, bool isPrivate) =>
    [
        _attributes.Create(CKA.CKA_CLASS, objectClass),
        _attributes.Create(CKA.CKA_KEY_TYPE, keyType),
        _attributes.Create(CKA.CKA_TOKEN, true),
        _attributes.Create(CKA.CKA_PRIVATE, isPrivate),
        _attributes.Create(CKA.CKA_ID, id),
        _attributes.Create(CKA.CKA_LABEL, label),
    ];

    private List<IObjectAttribute> Protected() =>
    [
        _attributes.Create(CKA.CKA_SENSITIVE, true),
        _attributes.Create(CKA.CKA_EXTRACTABLE, false),
    ];
}
