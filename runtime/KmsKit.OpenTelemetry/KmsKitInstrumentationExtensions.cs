using System;
using KmsKit.Runtime.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KmsKit.OpenTelemetry;

/// <summary>Adds KmsKit's ActivitySource and Meter (both named <see cref="KmsKitTelemetry.Name"/>) to OpenTelemetry.</summary>
public static class KmsKitInstrumentationExtensions
{
    /// <summary>Collects KmsKit's spans: one per message encrypted or decrypted, one per KMS call.</summary>
    public static TracerProviderBuilder AddKmsKitInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(KmsKitTelemetry.Name);
    }

    /// <summary>Collects KmsKit's counters: KMS requests, data-key cache hits and misses, bytes encrypted and decrypted.</summary>
    public static MeterProviderBuilder AddKmsKitInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(KmsKitTelemetry.Name);
    }
}
