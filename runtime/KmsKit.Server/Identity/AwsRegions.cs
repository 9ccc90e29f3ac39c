using System;
using System.Collections.Frozen;
using System.Linq;
using Amazon;

namespace KmsKit.Server.Identity;

/// <summary>
/// The regions the AWS SDK knows. Each region gets its own engines, so only these are served: a client cannot
/// make the server open unboundedly many.
/// </summary>
internal static class AwsRegions
{
    private static readonly FrozenSet<string> Known = RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string name) => Known.Contains(name);
}
