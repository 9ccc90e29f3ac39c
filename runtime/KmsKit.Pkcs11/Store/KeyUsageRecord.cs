using System;

namespace KmsKit.Pkcs11.Store;

/// <summary>The last successful cryptographic operation with a key.</summary>
internal sealed record KeyUsageRecord(string KeyId, string Operation, DateTimeOffset UsedAt, string RequestId);
