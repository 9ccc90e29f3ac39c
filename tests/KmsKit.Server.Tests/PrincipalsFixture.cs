using System.Runtime.Versioning;

namespace KmsKit.Server.Tests;

/// <summary>A server started with a principals file: signatures are verified and callers are the mapped principals.</summary>
public sealed class PrincipalsFixture : IDisposable
{
    public const string RootKey = "AKIAROOTEXAMPLE";
    public const string RootSecret = "root-secret-key";
    public const string AliceKey = "AKIAALICEEXAMPLE";
    public const string AliceSecret = "alice-secret-key";
    public const string AliceArn = "arn:aws:iam::111122223333:user/alice";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kmskit-principals-{Guid.NewGuid():N}.json");

    [SupportedOSPlatform("linux")] // the file's mode is POSIX; the server runs on Linux (SoftHSM2)
    public PrincipalsFixture()
    {
        File.WriteAllText(_file, $$"""
            {
              "{{RootKey}}": { "secretAccessKey": "{{RootSecret}}", "principalArn": "arn:aws:iam::111122223333:root" },
              "{{AliceKey}}": { "secretAccessKey": "{{AliceSecret}}", "principalArn": "{{AliceArn}}" }
            }
            """);
        File.SetUnixFileMode(_file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Server = new ServerProcess("--principals", _file);
    }

    public ServerProcess Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        File.Delete(_file);
    }
}
