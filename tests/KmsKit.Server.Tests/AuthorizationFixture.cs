using System.Runtime.Versioning;

namespace KmsKit.Server.Tests;

/// <summary>
/// A server whose principals file holds the scenarios of the authorization tests: an application role and an
/// administrator in account A, a Lambda-style role in account B with and without its identity policy.
/// </summary>
public sealed class AuthorizationFixture : IDisposable
{
    public const string AccountA = "111122223333";
    public const string AccountB = "444455556666";
    public const string RootKey = "AKIAAUTHZROOT";
    public const string AppKey = "AKIAAUTHZAPP";
    public const string AppArn = "arn:aws:iam::111122223333:role/App";
    public const string TenantAppKey = "AKIAAUTHZTENANT";
    public const string LambdaKey = "AKIAAUTHZLAMBDA";
    public const string LambdaArn = "arn:aws:iam::444455556666:role/Lambda";
    public const string BareLambdaKey = "AKIAAUTHZBARE";
    public const string Secret = "authorization-secret";

    private const string AllowKms = """[ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:*", "Resource": "*" } ] } ]""";
    private const string AllowDecryptInA = """[ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*" } ] } ]""";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kmskit-authorization-{Guid.NewGuid():N}.json");

    [SupportedOSPlatform("linux")]
    public AuthorizationFixture()
    {
        File.WriteAllText(_file, $$"""
            {
              "{{RootKey}}": { "secretAccessKey": "{{Secret}}", "principalArn": "arn:aws:iam::{{AccountA}}:root" },
              "{{AppKey}}": { "secretAccessKey": "{{Secret}}", "principalArn": "{{AppArn}}" },
              "{{TenantAppKey}}": { "secretAccessKey": "{{Secret}}", "principalArn": "arn:aws:iam::{{AccountA}}:role/TenantApp", "policies": {{AllowKms}} },
              "{{LambdaKey}}": { "secretAccessKey": "{{Secret}}", "principalArn": "{{LambdaArn}}", "policies": {{AllowDecryptInA}} },
              "{{BareLambdaKey}}": { "secretAccessKey": "{{Secret}}", "principalArn": "arn:aws:sts::{{AccountB}}:assumed-role/Lambda/bare" }
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
