using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// Who calls the engine: a principal ARN (account root, IAM user or role, assumed-role session) or a service
/// principal, with its identity (IAM) policies and principal tags, which authorization reads.
/// </summary>
public sealed record KmsPrincipal(string Arn)
{
    /// <summary>The principal's identity policies, as JSON policy documents.</summary>
    public IReadOnlyList<string> IdentityPolicies { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The root of an account: allowed what its key policies allow the account.</summary>
    public static KmsPrincipal AccountRoot(string accountId) => new($"arn:aws:iam::{accountId}:root");

    /// <summary>The account of an IAM or STS ARN; null for a service principal.</summary>
    public string? AccountId => Amazon.Arn.TryParse(Arn, out var arn) && arn.AccountId.Length > 0 ? arn.AccountId : null;
}
