using System;
using System.Collections.Generic;
using System.Text;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// A policy value compiled once: its text, which characters are wildcards (<c>*</c>, <c>?</c>) and where policy
/// variables (<c>${key}</c>) go. Matching is a linear glob scan, no regular expression.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly Part[] _parts;
    private readonly bool _ignoreCase;
    private readonly bool _hasWildcards;

    private WildcardPattern(Part[] parts, bool ignoreCase)
    {
        _parts = parts;
        _ignoreCase = ignoreCase;
        foreach (var part in parts)
        {
            _hasWildcards |= part.Wildcards is not null;
        }
    }

    /// <summary>Compiles <paramref name="text"/>; variables only when the policy's Version allows them (2012-10-17).</summary>
    public static WildcardPattern Compile(string text, bool wildcards, bool ignoreCase, bool variables)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var mask = new List<bool>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                }

                var name = text.Substring(i + 2, end - i - 2);
                i = end;
                if (name is "*" or "?" or "$")
                {
                    literal.Append(name[0]);
                    mask.Add(false);
                    continue;
                }

                if (name.Length == 0)
                {
                    throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                }

                Flush(parts, literal, mask);
                parts.Add(new Part(string.Empty, null, name));
                continue;
            }

            literal.Append(c);
            mask.Add(wildcards && c is '*' or '?');
        }

        Flush(parts, literal, mask);
        return new WildcardPattern(parts.ToArray(), ignoreCase);
    }

    /// <summary>True when <paramref name="value"/> matches; an unresolved variable makes the value not match.</summary>
    public bool IsMatch(string value, AuthorizationContext context)
    {
        if (_parts.Length == 1 && _parts[0].Variable is null)
        {
            var only = _parts[0];
            return only.Wildcards is null
                ? string.Equals(only.Text, value, _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                : Glob(only.Text, only.Wildcards, value, _ignoreCase);
        }

        return ResolveAndMatch(value, context);
    }

    private bool ResolveAndMatch(string value, AuthorizationContext context)
    {
        var text = new StringBuilder();
        var mask = new List<bool>();
        foreach (var part in _parts)
        {
            if (part.Variable is not null)
            {
                if (!context.TryGetValues(part.Variable, out var values) || values.Count == 0)
                {
                    return false;
                }

                text.Append(values[0]);
                mask.AddRange(new bool[values[0].Length]);
                continue;
            }

            text.Append(part.Text);
            mask.AddRange(part.Wildcards ?? new bool[part.Text.Length]);
        }

        return _hasWildcards
            ? Glob(text.ToString(), mask.ToArray(), value, _ignoreCase)
            : string.Equals(text.ToString(), value, _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static void Flush(List<Part> parts, StringBuilder literal, List<bool> mask)
    {
        if (literal.Length == 0 && parts.Count > 0)
        {
            return;
        }

        parts.Add(new Part(literal.ToString(), mask.Contains(true) ? mask.ToArray() : null, null));
        literal.Clear();
        mask.Clear();
    }

    // The classic backtracking-to-last-star scan: linear for one star, at worst pattern x value.
    private static bool Glob(string pattern, bool[] wildcards, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, starValue = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && wildcards[p] && pattern[p] == '*')
            {
                star = p++;
                starValue = v;
            }
            else if (p < pattern.Length && ((wildcards[p] && pattern[p] == '?') || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++starValue;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && wildcards[p] && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    private sealed record Part(string Text, bool[]? Wildcards, string? Variable);
}
