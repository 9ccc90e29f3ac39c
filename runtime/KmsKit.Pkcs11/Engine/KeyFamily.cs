namespace KmsKit.Pkcs11.Engine;

internal enum KeyFamily
{
    Symmetric,
    Rsa,
    Ecc,
    Hmac,
}
