namespace KmsKit.Pkcs11.Engine;

/// <summary>Allows the account root everything and nobody else anything (until key policies exist).</summary>
public sealed class AccountRootAuthorizer(string accountId) : IKmsAuthorizer
{
    public bool IsAllowed(string callerArn, string action, string? resourceArn) =>
        callerArn == $"arn:aws:iam::{accountId}:root";
}
