using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KmsKit.Runtime.Telemetry;

/// <summary>
/// The ActivitySource and Meter named <c>KmsKit</c>: a span per message and per KMS call; counters of KMS
/// calls, cache hits and misses, and plaintext bytes. Tags never carry key material, plaintext or context values.
/// </summary>
public static class KmsKitTelemetry
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string Name = "KmsKit";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> KmsRequests = Meter.CreateCounter<long>("kmskit.kms.requests", description: "Calls to AWS KMS (or the KmsKit engine) by operation.");

    internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("kmskit.cache.hits", description: "Materials served from the data-key cache.");

    internal static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("kmskit.cache.misses", description: "Materials requests the data-key cache passed on.");

    internal static readonly Counter<long> BytesEncrypted = Meter.CreateCounter<long>("kmskit.bytes.encrypted", unit: "By", description: "Plaintext bytes encrypted.");

    internal static readonly Counter<long> BytesDecrypted = Meter.CreateCounter<long>("kmskit.bytes.decrypted", unit: "By", description: "Plaintext bytes decrypted and released.");

    internal static KeyValuePair<string, object?> Operation(string operation) => new("operation", operation);
}
