namespace KmsKit.Pkcs11.Engine;

/// <summary>Allows the account root everything and nobody else anything (until key policies exist).</summary>
public sealed class AccountRootAuthorizer(string accountId) : IKmsAuthorizer
{
    private readonly string _rootArn = $"arn:aws:iam::{accountId}:root";

    public bool IsAllowed(string callerArn, string action, string? resourceArn) => callerArn == _rootArn;
}
