using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>The parameters of one pending import: the HSM wrapping key pair its token stands for.</summary>
internal sealed record ImportRecord(
    string ImportToken,
    string KeyId,
    string WrappingMaterialId,
    string WrappingAlgorithm,
    string WrappingKeySpec,
    DateTimeOffset ValidTo);
