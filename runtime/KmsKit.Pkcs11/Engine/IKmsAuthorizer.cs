namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// The one place that decides whether a caller may perform an action on a resource. Every operation asks
/// it before touching keys, so that key policies and grants can be added here alone.
/// </summary>
public interface IKmsAuthorizer
{
    /// <param name="callerArn">The principal making the request.</param>
    /// <param name="action">The IAM action, such as <c>kms:Encrypt</c>.</param>
    /// <param name="resourceArn">The key ARN, or null for account-level actions (CreateKey, ListKeys...).</param>
    /// <returns>Whether the request is allowed.</returns>
    bool IsAllowed(string callerArn, string action, string? resourceArn);
}
