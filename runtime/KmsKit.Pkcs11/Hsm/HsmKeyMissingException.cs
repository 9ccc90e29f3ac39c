using System;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>The token holds no object for a key material id that the metadata refers to.</summary>
internal sealed class HsmKeyMissingException(string materialId)
    : Exception($"The HSM holds no key material with id {materialId}.");
