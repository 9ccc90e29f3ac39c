using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// One request to authorize: action, resource (a key ARN, or <c>*</c> for account-level actions), caller, and the
/// request's condition values. Keys are case-insensitive, as IAM's context key names are; values keep their case.
/// </summary>
public sealed class AuthorizationContext
{
    private Dictionary<string, List<string>>? _values;

    public AuthorizationContext(string action, string resource, CallerIdentity caller)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(caller);
        Action = action;
        Resource = resource;
        Caller = caller;
    }

    public string Action { get; }

    public string Resource { get; }

    public CallerIdentity Caller { get; }

    /// <summary>The request's encryption context as the operation gave it: a grant's encryption context constraint applies to it.</summary>
    internal IReadOnlyDictionary<string, string>? EncryptionContext { get; set; }

    /// <summary>CreateGrant: the grant requested, which a grant giving the caller CreateGrant must cover.</summary>
    internal Grants.RequestedGrant? RequestedGrant { get; set; }

    /// <summary>Adds one value to <paramref name="key"/> (a multivalued key such as kms:EncryptionContextKeys takes several).</summary>
    public AuthorizationContext Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _values ??= new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (!_values.TryGetValue(key, out var list))
        {
            list = [];
            _values.Add(key, list);
        }

        list.Add(value);
        return this;
    }

    /// <summary>Adds each of <paramref name="values"/> to <paramref name="key"/>.</summary>
    public AuthorizationContext Add(string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Add(key, value);
        }

        return this;
    }

    /// <summary>The caller's own keys (aws:PrincipalArn ...) come from <see cref="Caller"/> and cannot be overridden.</summary>
    internal bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        if (Caller.TryGetConditionValues(key, out values))
        {
            return true;
        }

        if (_values is not null && _values.TryGetValue(key, out var list))
        {
            values = list;
            return true;
        }

        return false;
    }
}
