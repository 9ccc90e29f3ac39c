using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Grants;

/// <summary>
/// A grant's encryption context constraints: <see cref="EncryptionContextEquals"/> (the request's encryption context
/// must be exactly these pairs) and <see cref="EncryptionContextSubset"/> (it must include them). As AWS documents for
/// grant constraints, keys compare without case and values with it.
/// </summary>
internal sealed class GrantConstraintSet
{
    private const string EqualsMember = "EncryptionContextEquals";
    private const string SubsetMember = "EncryptionContextSubset";

    private GrantConstraintSet(IReadOnlyDictionary<string, string>? equalsContext, IReadOnlyDictionary<string, string>? subsetContext)
    {
        EncryptionContextEquals = equalsContext;
        EncryptionContextSubset = subsetContext;
        Json = Serialize(equalsContext, subsetContext);
    }

    public IReadOnlyDictionary<string, string>? EncryptionContextEquals { get; }

    public IReadOnlyDictionary<string, string>? EncryptionContextSubset { get; }

    /// <summary>The canonical JSON the store keeps (keys in ordinal order): two equal constraint sets have the same text.</summary>
    public string Json { get; }

    /// <summary>The constraint types present, as kms:GrantConstraintType names them.</summary>
    public IEnumerable<string> Types
    {
        get
        {
            if (EncryptionContextEquals is not null)
            {
                yield return EqualsMember;
            }

            if (EncryptionContextSubset is not null)
            {
                yield return SubsetMember;
            }
        }
    }

    /// <summary>The request's constraints; null when it has none (no Constraints, or neither map set).</summary>
    public static GrantConstraintSet? From(GrantConstraints? constraints) =>
        constraints is null || (constraints.EncryptionContextEquals is null && constraints.EncryptionContextSubset is null)
            ? null
            : new GrantConstraintSet(Copy(constraints.EncryptionContextEquals), Copy(constraints.EncryptionContextSubset));

    /// <summary>Reads what <see cref="Json"/> wrote; null for null.</summary>
    public static GrantConstraintSet? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return new GrantConstraintSet(Read(document.RootElement, EqualsMember), Read(document.RootElement, SubsetMember));
    }

    /// <summary>Whether a request with <paramref name="encryptionContext"/> meets every constraint.</summary>
    public bool Allows(IReadOnlyDictionary<string, string>? encryptionContext)
    {
        encryptionContext ??= new Dictionary<string, string>();
        if (EncryptionContextEquals is { } exact && (exact.Count != encryptionContext.Count || !Includes(encryptionContext, exact)))
        {
            return false;
        }

        return EncryptionContextSubset is not { } subset || Includes(encryptionContext, subset);
    }

    /// <summary>
    /// Whether a grant with these constraints is at least as strict as one with <paramref name="parent"/>'s, which a grant
    /// made with the CreateGrant permission of a grant must be: the parent's exact context kept exactly; the parent's
    /// required pairs all required again (as a subset or within an exact context).
    /// </summary>
    public static bool IsAtLeastAsStrict(GrantConstraintSet? child, GrantConstraintSet? parent)
    {
        if (parent is null)
        {
            return true;
        }

        if (child is null)
        {
            return false;
        }

        if (parent.EncryptionContextEquals is { } parentExact
            && (child.EncryptionContextEquals is not { } childExact || childExact.Count != parentExact.Count || !Includes(childExact, parentExact)))
        {
            return false;
        }

        return parent.EncryptionContextSubset is not { } required
            || (child.EncryptionContextSubset is { } childSubset && Includes(childSubset, required))
            || (child.EncryptionContextEquals is { } childEquals && Includes(childEquals, required));
    }

    /// <summary>The constraints as the SDK shapes them (ListGrants).</summary>
    public GrantConstraints ToSdk() => new()
    {
        EncryptionContextEquals = EncryptionContextEquals?.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
        EncryptionContextSubset = EncryptionContextSubset?.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
    };

    /// <summary>"EncryptionContextSubset {dept=IT}" for a simulation's explanation.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (EncryptionContextEquals is { } exact)
        {
            parts.Add($"{EqualsMember} {{{string.Join(", ", exact.Select(pair => $"{pair.Key}={pair.Value}"))}}}");
        }

        if (EncryptionContextSubset is { } subset)
        {
            parts.Add($"{SubsetMember} {{{string.Join(", ", subset.Select(pair => $"{pair.Key}={pair.Value}"))}}}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Whether every pair of <paramref name="required"/> is in <paramref name="context"/>: key without case, value with it.</summary>
    private static bool Includes(IReadOnlyDictionary<string, string> context, IReadOnlyDictionary<string, string> required)
    {
        foreach (var pair in required)
        {
            var found = false;
            foreach (var candidate in context)
            {
                if (string.Equals(candidate.Key, pair.Key, StringComparison.OrdinalIgnoreCase) && string.Equals(candidate.Value, pair.Value, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static SortedDictionary<string, string>? Copy(Dictionary<string, string>? context) =>
        context is null ? null : new SortedDictionary<string, string>(context, StringComparer.Ordinal);

    private static SortedDictionary<string, string>? Read(JsonElement root, string member)
    {
        if (!root.TryGetProperty(member, out var map))
        {
            return null;
        }

        var context = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in map.EnumerateObject())
        {
            context[pair.Name] = pair.Value.GetString()!;
        }

        return context;
    }

    private static string Serialize(IReadOnlyDictionary<string, string>? equalsContext, IReadOnlyDictionary<string, string>? subsetContext)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Write(writer, EqualsMember, equalsContext);
            Write(writer, SubsetMember, subsetContext);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, string member, IReadOnlyDictionary<string, string>? context)
    {
        if (context is null)
        {
            return;
        }

        writer.WriteStartObject(member);
        foreach (var pair in context)
        {
            writer.WriteString(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
    }
}
