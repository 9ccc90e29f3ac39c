using System;
using System.Collections.Generic;

namespace KmsKit.Server.Hosting;

/// <summary>What <c>kmskit serve</c> was asked for.</summary>
internal sealed record ServerSettings(
    string Host,
    int Port,
    string? DataDirectory,
    bool Ephemeral,
    string AccountId,
    string? PrincipalsFile,
    string DefaultRegion,
    IReadOnlyList<string> AllowedHosts,
    bool AllowReadablePrincipals)
{
    /// <summary>The audit log's JSON-lines file (docs/audit.md); null: no audit log.</summary>
    public string? AuditLogFile { get; init; }

    public long AuditLogMaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary><c>--quotas</c>: <c>aws</c> or a quotas file (docs/server.md, "Request quotas"); null: no throttling.</summary>
    public string? Quotas { get; init; }

    public TimeSpan AuditDigestInterval { get; init; } = TimeSpan.FromMinutes(15);
}
