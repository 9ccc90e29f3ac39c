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
    bool AllowReadablePrincipals);
