using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using KmsKit.Pkcs11.Engine;

namespace KmsKit.Server.Identity;

/// <summary>
/// The principals file: <c>{ "ACCESS_KEY_ID": { "secretAccessKey": "...", "principalArn": "arn:aws:iam::...",
/// "policies": [ {policy document} ], "tags": { "team": "payments" } } }</c>; policies and tags are optional.
/// </summary>
internal sealed class PrincipalDirectory
{
    private readonly Dictionary<string, Principal> _principals;

    private PrincipalDirectory(Dictionary<string, Principal> principals) => _principals = principals;

    public Principal? Find(string accessKeyId) => _principals.GetValueOrDefault(accessKeyId);

    /// <summary>The identity (policies, tags) of the first access key of <paramref name="principalArn"/> in the file, else null.</summary>
    public KmsPrincipal? FindByArn(string principalArn) =>
        _principals.Values.FirstOrDefault(p => string.Equals(p.Identity.Arn, principalArn, StringComparison.Ordinal))?.Identity;

    /// <summary>
    /// Every principal the file names, and the role of each assumed-role session: where the server knows every
    /// principal, a key policy may name no other.
    /// </summary>
    public IReadOnlySet<string> PrincipalArns =>
        _principals.Values.Select(p => p.Identity.Arn).SelectMany(arn => new[] { arn, SessionRole(arn) ?? arn }).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads the file; an <see cref="InvalidDataException"/> names what is wrong with it.</summary>
    public static PrincipalDirectory Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: expected an object mapping access key ids to principals.");
        }

        var principals = new Dictionary<string, Principal>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var arn = RequiredString(path, entry, "principalArn");
            if (!Amazon.Arn.TryParse(arn, out var parsed) || parsed.Service is not ("iam" or "sts") || parsed.AccountId.Length == 0)
            {
                throw new InvalidDataException($"{path}: access key '{entry.Name}' has a principalArn that is not an IAM or STS ARN: '{arn}'.");
            }

            principals[entry.Name] = new Principal(
                entry.Name,
                RequiredString(path, entry, "secretAccessKey"),
                new KmsPrincipal(arn) { IdentityPolicies = Policies(path, entry), Tags = Tags(path, entry) });
        }

        return new PrincipalDirectory(principals);
    }

    /// <summary>arn:aws:iam::ACCOUNT:role/ROLE for arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, else null.</summary>
    private static string? SessionRole(string arn) =>
        Amazon.Arn.TryParse(arn, out var parsed) && parsed.Service == "sts" && parsed.Resource.Split('/') is ["assumed-role", var role, _]
            ? $"arn:{parsed.Partition}:iam::{parsed.AccountId}:role/{role}"
            : null;

    private static string RequiredString(string path, JsonProperty entry, string member) =>
        entry.Value.ValueKind == JsonValueKind.Object
        && entry.Value.TryGetProperty(member, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{path}: access key '{entry.Name}' needs a string '{member}'.");

    private static List<string> Policies(string path, JsonProperty entry)
    {
        if (!entry.Value.TryGetProperty("policies", out var policies))
        {
            return [];
        }

        return policies.ValueKind == JsonValueKind.Array && policies.EnumerateArray().All(p => p.ValueKind == JsonValueKind.Object)
            ? policies.EnumerateArray().Select(p => p.GetRawText()).ToList()
            : throw new InvalidDataException($"{path}: access key '{entry.Name}': 'policies' must be an array of policy documents (objects).");
    }

    private static Dictionary<string, string> Tags(string path, JsonProperty entry)
    {
        if (!entry.Value.TryGetProperty("tags", out var tags))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return tags.ValueKind == JsonValueKind.Object && tags.EnumerateObject().All(t => t.Value.ValueKind == JsonValueKind.String)
            ? tags.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal)
            : throw new InvalidDataException($"{path}: access key '{entry.Name}': 'tags' must be an object of string values.");
    }
}
