using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace KmsKit.Server.Identity;

/// <summary>
/// The principals file: <c>{ "ACCESS_KEY_ID": { "secretAccessKey": "...", "principalArn": "arn:aws:iam::..." } }</c>.
/// </summary>
internal sealed class PrincipalDirectory
{
    private readonly Dictionary<string, Principal> _principals;

    private PrincipalDirectory(Dictionary<string, Principal> principals) => _principals = principals;

    public Principal? Find(string accessKeyId) => _principals.GetValueOrDefault(accessKeyId);

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
            principals[entry.Name] = new Principal(
                entry.Name,
                RequiredString(path, entry, "secretAccessKey"),
                RequiredString(path, entry, "principalArn"));
        }

        return new PrincipalDirectory(principals);
    }

    private static string RequiredString(string path, JsonProperty entry, string member) =>
        entry.Value.ValueKind == JsonValueKind.Object
        && entry.Value.TryGetProperty(member, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{path}: access key '{entry.Name}' needs a string '{member}'.");
}
