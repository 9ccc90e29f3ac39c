using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Amazon.KeyManagementService;
using KmsKit.Tests.Authorization;

namespace KmsKit.Server.Tests;

/// <summary>A server whose principals file is the authorization table's cast, and one SigV4-signed SDK client per member.</summary>
public sealed class AuthorizationTableFixture : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kmskit-authorization-table-{Guid.NewGuid():N}.json");
    private readonly ConcurrentDictionary<string, AmazonKeyManagementServiceClient> _clients = new(StringComparer.Ordinal);

    [SupportedOSPlatform("linux")]
    public AuthorizationTableFixture()
    {
        File.WriteAllText(_file, AuthorizationCast.PrincipalsFile());
        File.SetUnixFileMode(_file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Server = new ServerProcess("--principals", _file);
    }

    public ServerProcess Server { get; }

    public IAmazonKeyManagementService ClientOf(CastMember member) =>
        _clients.GetOrAdd(member.AccessKeyId, accessKey => Server.Client("us-east-1", accessKey, AuthorizationCast.Secret));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        Server.Dispose();
        File.Delete(_file);
    }
}
