using System.Runtime.Versioning;

namespace KmsKit.Server.Tests;

/// <summary>
/// A server started with <c>--quotas FILE</c> (3 symmetric and 2 RSA cryptographic requests per second) and principals of two
/// accounts: the root of the server's account, and a role of another account allowed kms:GenerateRandom.
/// </summary>
public sealed class QuotaFixture : IDisposable
{
    public const int SymmetricRate = 3;
    public const int RsaRate = 2;
    public const string RootKey = "AKIAQUOTAROOT";
    public const string RootSecret = "quota-root-secret";
    public const string OtherAccountKey = "AKIAQUOTAOTHER";
    public const string OtherAccountSecret = "quota-other-secret";

    private readonly string _principals = Path.Combine(Path.GetTempPath(), $"kmskit-quota-principals-{Guid.NewGuid():N}.json");
    private readonly string _quotas = Path.Combine(Path.GetTempPath(), $"kmskit-quotas-{Guid.NewGuid():N}.json");

    [SupportedOSPlatform("linux")] // the principals file's mode is POSIX; the server runs on Linux (SoftHSM2)
    public QuotaFixture()
    {
        File.WriteAllText(_principals, $$"""
            {
              "{{RootKey}}": { "secretAccessKey": "{{RootSecret}}", "principalArn": "arn:aws:iam::111122223333:root" },
              "{{OtherAccountKey}}": {
                "secretAccessKey": "{{OtherAccountSecret}}", "principalArn": "arn:aws:iam::444455556666:role/Random",
                "policies": [ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:GenerateRandom", "Resource": "*" } ] } ]
              }
            }
            """);
        File.SetUnixFileMode(_principals, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(_quotas, $$"""{ "quotas": { "Symmetric": {{SymmetricRate}}, "Rsa": {{RsaRate}} } }""");
        Server = new ServerProcess("--principals", _principals, "--quotas", _quotas);
    }

    public ServerProcess Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        File.Delete(_principals);
        File.Delete(_quotas);
    }
}
