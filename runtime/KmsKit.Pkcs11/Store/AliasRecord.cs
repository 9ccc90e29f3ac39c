using System;

namespace KmsKit.Pkcs11.Store;

internal sealed record AliasRecord(string AliasName, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
