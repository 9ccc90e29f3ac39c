using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KmsKit.Runtime.Tests.Vectors;

/// <summary>One awses-decrypt manifest (v4) read straight from its zip in the shared folder.</summary>
internal sealed class VectorSet
{
    private static readonly Dictionary<string, VectorSet> Loaded = [];
    private readonly Dictionary<string, byte[]> _files;

    private VectorSet(string zipName)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(RepositoryPaths.EsdkVectors, zipName));
        _files = zip.Entries.Where(entry => entry.Length > 0 || !entry.FullName.EndsWith('/')).ToDictionary(
            entry => entry.FullName,
            entry =>
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });
        var manifest = JsonNode.Parse(_files["manifest.json"])!;
        Keys = JsonNode.Parse(_files["keys.json"])!["keys"]!.AsObject();
        Tests = manifest["tests"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!);
    }

    public JsonObject Keys { get; }

    public Dictionary<string, JsonNode> Tests { get; }

    public static VectorSet Load(string zipName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(zipName, out var set))
            {
                set = new VectorSet(zipName);
                Loaded.Add(zipName, set);
            }

            return set;
        }
    }

    public byte[] File(string uri) => _files[uri.StartsWith("file://", StringComparison.Ordinal) ? uri["file://".Length..] : uri];

    public static Dictionary<string, string> Context(JsonNode test) =>
        test["encryption-context"]?.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>()) ?? [];

    public static string Describe(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
