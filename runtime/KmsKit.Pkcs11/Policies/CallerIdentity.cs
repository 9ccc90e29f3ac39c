using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// The principal making a request, from its ARN: an account root, an IAM user or role, an assumed-role session,
/// or a service principal (<c>dynamodb.amazonaws.com</c>). Also supplies the caller's global condition keys.
/// </summary>
public sealed class CallerIdentity
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();
    private readonly Dictionary<string, string[]> _conditionValues = new(StringComparer.OrdinalIgnoreCase);

    private CallerIdentity(string arn, string? accountId, string type, string? userName, string? roleName, string principalArn, IReadOnlyDictionary<string, string> tags)
    {
        Arn = arn;
        AccountId = accountId;
        PrincipalType = type;
        UserName = userName;
        RoleName = roleName;
        PrincipalArn = principalArn;
        Tags = tags;
        IsRoot = type == "Account";
        IsService = type == "Service";
        Add("aws:PrincipalArn", IsService ? null : principalArn);
        Add("aws:PrincipalAccount", accountId);
        Add("aws:PrincipalType", type);
        Add("aws:username", userName);
        Add("aws:PrincipalIsAWSService", IsService ? "true" : "false");
        foreach (var tag in tags)
        {
            Add("aws:PrincipalTag/" + tag.Key, tag.Value);
        }
    }

    /// <summary>The caller's ARN as given (an assumed-role session ARN for a session).</summary>
    public string Arn { get; }

    /// <summary>The caller's account; null for a service principal.</summary>
    public string? AccountId { get; }

    public bool IsRoot { get; }

    public bool IsService { get; }

    /// <summary>What aws:PrincipalArn reports: the role's ARN (without its path, which a session ARN omits) for a session.</summary>
    public string PrincipalArn { get; }

    /// <summary>aws:username: set for IAM users only.</summary>
    public string? UserName { get; }

    /// <summary>The role's name for a role or an assumed-role session.</summary>
    public string? RoleName { get; }

    /// <summary>aws:PrincipalType: Account, User, AssumedRole or Service.</summary>
    public string PrincipalType { get; }

    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>Reads a principal ARN or a service principal name; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static CallerIdentity Parse(string arn, IReadOnlyDictionary<string, string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(arn);
        tags ??= NoTags;
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return IsServiceName(arn)
                ? new CallerIdentity(arn, null, "Service", null, null, arn, tags)
                : throw Malformed(arn, "it is neither an ARN nor a service principal such as dynamodb.amazonaws.com");
        }

        if (!Amazon.Arn.TryParse(arn, out var parsed) || !IsAccountId(parsed.AccountId) || parsed.Region.Length != 0)
        {
            throw Malformed(arn, "expected arn:PARTITION:iam::ACCOUNT:root|user/NAME|role/NAME or arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION");
        }

        var segments = parsed.Resource.Split('/');
        var last = segments[^1];
        return (parsed.Service, segments[0]) switch
        {
            ("iam", "root") when segments.Length == 1 => new CallerIdentity(arn, parsed.AccountId, "Account", null, null, arn, tags),
            ("iam", "user") when segments.Length >= 2 && last.Length > 0 => new CallerIdentity(arn, parsed.AccountId, "User", last, null, arn, tags),
            ("iam", "role") when segments.Length >= 2 && last.Length > 0 => new CallerIdentity(arn, parsed.AccountId, "AssumedRole", null, last, arn, tags),
            ("sts", "assumed-role") when segments.Length == 3 && segments[1].Length > 0 && last.Length > 0 =>
                new CallerIdentity(arn, parsed.AccountId, "AssumedRole", null, segments[1], RoleArn(parsed, segments[1]), tags),
            _ => throw Malformed(arn, "expected arn:PARTITION:iam::ACCOUNT:root|user/NAME|role/NAME or arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION"),
        };
    }

    internal static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    internal static bool IsServiceName(string value) =>
        value.Length > 0 && value.Contains('.') && !value.Contains(':') && !value.Contains('*') && !value.Contains('/');

    internal bool TryGetConditionValues(string key, out IReadOnlyList<string> values)
    {
        var found = _conditionValues.TryGetValue(key, out var array);
        values = array ?? [];
        return found;
    }

    private static string RoleArn(Arn session, string roleName) => $"arn:{session.Partition}:iam::{session.AccountId}:role/{roleName}";

    private static ArgumentException Malformed(string arn, string expected) =>
        new($"'{arn}' is not a principal KmsKit can authorize: {expected}.", nameof(arn));

    private void Add(string key, string? value)
    {
        if (value is not null)
        {
            _conditionValues[key] = [value];
        }
    }
}
