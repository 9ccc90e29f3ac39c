using System;
using System.Threading.RateLimiting;
using KmsKit.Server.Protocol;

namespace KmsKit.Server.Quotas;

/// <summary>
/// Throttles requests as AWS KMS does: one token bucket per account, region and quota name, refilled at the
/// quota's rate and holding one second's worth; a request finding it empty is refused at once (no queueing).
/// </summary>
internal sealed class RequestQuotas(QuotaTable table) : IDisposable
{
    private readonly PartitionedRateLimiter<QuotaPartition> _limiter = PartitionedRateLimiter.Create<QuotaPartition, QuotaPartition>(
        partition => RateLimitPartition.GetTokenBucketLimiter(partition, key => Bucket(table.Rates[key.Quota])));

    /// <summary>Throws AWS's ThrottlingException when the caller's account and region are over the request's quota.</summary>
    public void Take(string account, string region, string? quota)
    {
        if (quota is null || !table.Rates.ContainsKey(quota))
        {
            return;
        }

        using var lease = _limiter.AttemptAcquire(new QuotaPartition(account, region, quota));
        if (!lease.IsAcquired)
        {
            throw ProtocolException.Throttling();
        }
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// Whole tokens per refill: a rate of 5 refills 5 every second, a rate of 0.25 refills 1 every 4 seconds
    /// (AWS: "1 in a 4-second interval").
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(double rate)
    {
        var tokens = Math.Max(1, (int)Math.Round(rate));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / rate),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private readonly record struct QuotaPartition(string Account, string Region, string Quota);
}
