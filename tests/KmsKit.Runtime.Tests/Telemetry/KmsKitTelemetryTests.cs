using System.Diagnostics;
using System.Diagnostics.Metrics;
using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Telemetry;

namespace KmsKit.Runtime.Tests.Telemetry;

[Collection(MeasuredAlone.Name)]
public sealed class KmsKitTelemetryTests
{
    [Fact]
    public async Task The_KmsKit_meter_counts_cache_hits_misses_and_bytes_and_the_source_traces_messages()
    {
        var totals = new Dictionary<string, long>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KmsKitTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        meters.Start();
        var activities = new List<string>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KmsKitTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity.OperationName);
                }
            },
        };
        ActivitySource.AddActivityListener(tracing);

        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(TestKeys.AesKeyring(), cache, new() { MaxAge = TimeSpan.FromMinutes(1) });
        var client = TestKeys.Client(0x0478);
        byte[] message = [];
        for (var i = 0; i < 5; i++)
        {
            message = await client.EncryptAsync(new byte[100], cmm);
        }

        await client.DecryptAsync(message, cmm);

        Assert.Equal(4, totals["kmskit.cache.hits"]);
        Assert.Equal(2, totals["kmskit.cache.misses"]);
        Assert.Equal(500, totals["kmskit.bytes.encrypted"]);
        Assert.Equal(100, totals["kmskit.bytes.decrypted"]);
        Assert.Equal(5, activities.Count(name => name == "KmsKit.Encrypt"));
        Assert.Equal(1, activities.Count(name => name == "KmsKit.Decrypt"));
    }
}
