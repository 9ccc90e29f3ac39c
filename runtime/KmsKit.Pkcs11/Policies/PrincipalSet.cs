using System;
using System.Collections.Generic;
using System.Text.Json;

namespace KmsKit.Pkcs11.Policies;

/// <summary>A statement's Principal or NotPrincipal element, compiled into entries matched against a caller.</summary>
internal sealed class PrincipalSet
{
    private readonly List<Entry> _entries = [];
    private readonly bool _negated;

    private PrincipalSet(bool negated) => _negated = negated;

    /// <summary>Reads <c>"*"</c> or <c>{"AWS": ..., "Service": ...}</c>; anything else is an invalid principal, as in KMS.</summary>
    public static PrincipalSet Parse(JsonElement element, bool negated)
    {
        var set = new PrincipalSet(negated);
        if (element.ValueKind == JsonValueKind.String && element.GetString() == "*")
        {
            set._entries.Add(new Entry(EntryKind.Any, string.Empty, null));
            return set;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals);
        }

        foreach (var property in element.EnumerateObject())
        {
            foreach (var value in PolicyParser.Strings(property.Value, PolicyErrors.InvalidPrincipals))
            {
                set._entries.Add(property.Name switch
                {
                    "AWS" => AwsEntry(value),
                    "Service" when CallerIdentity.IsServiceName(value) => new Entry(EntryKind.Service, value, null),
                    _ => throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals),
                });
            }
        }

        return set._entries.Count > 0 ? set : throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals);
    }

    /// <summary>The IAM users and roles (and sessions) this element names by ARN: the principals that must exist.</summary>
    public IEnumerable<string> NamedArns()
    {
        foreach (var entry in _entries)
        {
            if (entry.Kind is EntryKind.Exact or EntryKind.Role)
            {
                yield return entry.Value;
            }
        }
    }

    /// <summary>How this element names <paramref name="caller"/>; NotPrincipal applies (directly) to everyone it does not name.</summary>
    public PrincipalMatch Match(CallerIdentity caller)
    {
        var best = PrincipalMatch.None;
        foreach (var entry in _entries)
        {
            var match = entry.Match(caller);
            if (match > best)
            {
                best = match;
            }
        }

        if (_negated)
        {
            return best == PrincipalMatch.Direct ? PrincipalMatch.None : PrincipalMatch.Direct;
        }

        return best;
    }

    private static Entry AwsEntry(string value)
    {
        if (value == "*")
        {
            return new Entry(EntryKind.Any, string.Empty, null);
        }

        if (CallerIdentity.IsAccountId(value))
        {
            return new Entry(EntryKind.Account, value, null);
        }

        if (value.Contains('*') || value.Contains('?'))
        {
            throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals);
        }

        CallerIdentity named;
        try
        {
            named = CallerIdentity.Parse(value);
        }
        catch (ArgumentException)
        {
            throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals);
        }

        return named switch
        {
            { IsService: true } => throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals),
            { IsRoot: true } => new Entry(EntryKind.Account, named.AccountId!, null),
            { RoleName: not null } when value.Contains(":iam::", StringComparison.Ordinal) => new Entry(EntryKind.Role, value, named),
            _ => new Entry(EntryKind.Exact, value, null),
        };
    }

    private enum EntryKind
    {
        Any,
        Account,
        Exact,
        Role,
        Service,
    }

    private sealed record Entry(EntryKind Kind, string Value, CallerIdentity? Role)
    {
        public PrincipalMatch Match(CallerIdentity caller) => Kind switch
        {
            EntryKind.Any => PrincipalMatch.Direct,
            EntryKind.Account when caller.AccountId == Value => caller.IsRoot ? PrincipalMatch.Direct : PrincipalMatch.Account,
            EntryKind.Exact when caller.Arn == Value => PrincipalMatch.Direct,
            EntryKind.Role when IsSessionOrRole(caller) => PrincipalMatch.Direct,
            EntryKind.Service when caller.IsService && string.Equals(caller.Arn, Value, StringComparison.OrdinalIgnoreCase) => PrincipalMatch.Direct,
            _ => PrincipalMatch.None,
        };

        // A session ARN drops the role's path, so a role principal matches its sessions by account and role name.
        private bool IsSessionOrRole(CallerIdentity caller) =>
            caller.Arn == Value
            || (caller.RoleName == Role!.RoleName && caller.AccountId == Role.AccountId && caller.Arn.Contains(":assumed-role/", StringComparison.Ordinal));
    }
}
