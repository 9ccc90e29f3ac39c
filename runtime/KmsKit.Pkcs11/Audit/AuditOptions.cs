using System;
using Microsoft.Extensions.Logging;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// Where the audit log goes: one CloudTrail-shaped event per call of the engine's <c>IAmazonKeyManagementService</c>
/// (docs/audit.md). Any combination of a hash-chained JSON-lines file with signed digests, a callback and an
/// <see cref="ILogger"/> category; events reach them from one background writer, in the order the calls completed.
/// </summary>
public sealed class AuditOptions
{
    /// <summary>The <see cref="ILogger"/> category events are logged under (Information, event id 1).</summary>
    public const string LoggerCategory = "KmsKit.Audit";

    /// <summary>
    /// The JSON-lines file (created if missing, appended to if it exists). When it would grow past
    /// <see cref="MaxFileBytes"/> it is sealed with a signed digest and renamed beside itself with the time in its
    /// name; a new file continues the same hash chain. Null: no file (and no chain, no digests).
    /// </summary>
    public string? FilePath { get; set; }

    /// <summary>The size at which the file is rotated. Default 100 MiB; at least 64 KiB.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>How often a signed digest seals the events written since the last one (only when there are some). Default 15 minutes.</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Called for every event on the writer's thread (never a request's); an exception it throws is logged to <see cref="LoggerFactory"/> and ignored.</summary>
    public Action<AuditEvent>? OnEvent { get; set; }

    /// <summary>When set, every event is logged to the <see cref="LoggerCategory"/> category as its JSON.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Events waiting for the writer. When the writer falls this far behind (a disk slower than the requests), calls
    /// wait for room rather than lose events. Default 65,536.
    /// </summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>The clock of event times and of the digest interval.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal AuditOptions Validated()
    {
        if (FilePath is null && OnEvent is null && LoggerFactory is null)
        {
            throw new ArgumentException("The audit log needs a sink: FilePath, OnEvent or LoggerFactory.");
        }

        if (MaxFileBytes < 64 * 1024)
        {
            throw new ArgumentException("MaxFileBytes must be at least 64 KiB.");
        }

        if (DigestInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("DigestInterval must be positive.");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentException("QueueCapacity must be positive.");
        }

        return (AuditOptions)MemberwiseClone();
    }
}
