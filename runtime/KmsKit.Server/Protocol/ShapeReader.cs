using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.Json;

namespace KmsKit.Server.Protocol;

/// <summary>
/// Reads an awsJson1_1 request body into the SDK's request type: members by name (unknown ones ignored, as
/// AWS does), blobs from base64, timestamps from epoch seconds, enums from strings. A value of the wrong type,
/// text that is not valid Unicode (invalid UTF-8, a lone surrogate escape) or a timestamp out of range is a
/// SerializationException naming the member; a null in a list or map (none of KMS's is sparse) is a
/// ValidationException. The blobs it decodes are collected so that the caller can
/// zero them once the request is served (they may be plaintext).
/// </summary>
internal sealed class ShapeReader
{
    private static readonly ConcurrentDictionary<Type, MethodInfo> EnumFactories = new();

    // A timestamp's range in ticks from the epoch. The upper bound, rounded up as a double, is excluded, so that
    // every double below it converts to ticks that DateTime accepts.
    private static readonly double MinTicks = (DateTime.MinValue - DateTime.UnixEpoch).Ticks;
    private static readonly double MaxTicks = (DateTime.MaxValue - DateTime.UnixEpoch).Ticks;

    private readonly List<byte[]> _blobs = [];

    /// <summary>The decoded blobs of the requests read so far.</summary>
    public IReadOnlyList<byte[]> Blobs => _blobs;

    public object ReadRequest(ReadOnlyMemory<byte> body, Type requestType)
    {
        if (body.IsEmpty)
        {
            return Activator.CreateInstance(requestType)!;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw ProtocolException.Serialization($"The request body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ProtocolException.Serialization("The request body must be a JSON object.");
            }

            return ReadStructure(document.RootElement, requestType, path: string.Empty);
        }
    }

    private object ReadStructure(JsonElement json, Type type, string path)
    {
        Expect(json, JsonValueKind.Object, path, "an object");
        var members = ShapeMembers.Of(type);
        var shape = Activator.CreateInstance(type)!;
        foreach (var property in json.EnumerateObject())
        {
            var name = Name(property, path);
            if (members.TryGetValue(name, out var member))
            {
                member.SetValue(shape, ReadValue(property.Value, member.PropertyType, Join(path, name)));
            }
        }

        return shape;
    }

    private object? ReadValue(JsonElement json, Type type, string path)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (ShapeKinds.Of(type))
        {
            case ShapeKind.String:
                return Text(Expect(json, JsonValueKind.String, path, "a string"), path);
            case ShapeKind.Boolean:
                if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw WrongType(path, "a boolean", json);
                }

                return json.GetBoolean();
            case ShapeKind.Integer:
                return Expect(json, JsonValueKind.Number, path, "an integer").TryGetInt32(out var integer)
                    ? integer
                    : throw ProtocolException.Serialization($"{path}: expected a 32-bit integer, found {json.GetRawText()}.");
            case ShapeKind.Long:
                return Expect(json, JsonValueKind.Number, path, "an integer").TryGetInt64(out var number)
                    ? number
                    : throw ProtocolException.Serialization($"{path}: expected a 64-bit integer, found {json.GetRawText()}.");
            case ShapeKind.Double:
                // A finite double only: 1e400 does not fit.
                return Expect(json, JsonValueKind.Number, path, "a number").TryGetDouble(out var real)
                    ? real
                    : throw ProtocolException.Serialization($"{path}: expected a number, found {json.GetRawText()}.");
            case ShapeKind.Timestamp:
                return Expect(json, JsonValueKind.Number, path, "a timestamp in epoch seconds").TryGetDouble(out var seconds)
                    && seconds * TimeSpan.TicksPerSecond is var ticks && ticks >= MinTicks && ticks < MaxTicks
                    ? DateTime.UnixEpoch.AddTicks((long)ticks)
                    : throw ProtocolException.Serialization($"{path}: the timestamp {json.GetRawText()} is out of range.");
            case ShapeKind.Blob:
                var bytes = Base64(Expect(json, JsonValueKind.String, path, "a base64 string"), path);
                _blobs.Add(bytes);
                return new MemoryStream(bytes, writable: false);
            case ShapeKind.Enum:
                return EnumFactory(type).Invoke(null, [Text(Expect(json, JsonValueKind.String, path, "a string"), path)]);
            case ShapeKind.List:
                Expect(json, JsonValueKind.Array, path, "an array");
                var list = (IList)Activator.CreateInstance(type)!;
                var elementType = type.GetGenericArguments()[0];
                var index = 0;
                foreach (var element in json.EnumerateArray())
                {
                    list.Add(ReadElement(element, elementType, $"{path}[{index++}]"));
                }

                return list;
            case ShapeKind.Map:
                Expect(json, JsonValueKind.Object, path, "an object");
                var map = (IDictionary)Activator.CreateInstance(type)!;
                var valueType = type.GetGenericArguments()[1];
                foreach (var entry in json.EnumerateObject())
                {
                    var key = Name(entry, path);
                    map[key] = ReadElement(entry.Value, valueType, Join(path, key));
                }

                return map;
            default:
                return ReadStructure(json, type, path);
        }
    }

    /// <summary>A list element or map value: null is a member absent from a structure, but never valid here.</summary>
    private object ReadElement(JsonElement json, Type type, string path) =>
        ReadValue(json, type, path) ?? throw ProtocolException.Validation(
            $"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null");

    // System.Text.Json checks a string's UTF-8 and escapes only when it decodes it, and throws
    // InvalidOperationException for invalid UTF-8 or a lone surrogate: the client's error, not the server's.
    private static string Text(JsonElement json, string path)
    {
        try
        {
            return json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText(path, "the value");
        }
    }

    private static string Name(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText(path, "a name");
        }
    }

    private static byte[] Base64(JsonElement json, string path)
    {
        try
        {
            return json.TryGetBytesFromBase64(out var bytes) ? bytes : throw ProtocolException.Serialization($"{path}: the value is not valid base64.");
        }
        catch (InvalidOperationException)
        {
            throw InvalidText(path, "the value");
        }
    }

    private static ProtocolException InvalidText(string path, string what) =>
        ProtocolException.Serialization($"{Subject(path)}: {what} is not valid text (invalid UTF-8 or a lone surrogate).");

    private static JsonElement Expect(JsonElement json, JsonValueKind kind, string path, string expected) =>
        json.ValueKind == kind ? json : throw WrongType(path, expected, json);

    private static ProtocolException WrongType(string path, string expected, JsonElement json) =>
        ProtocolException.Serialization($"{Subject(path)}: expected {expected}, found {Describe(json.ValueKind)}.");

    /// <summary>What a message names: the member at <paramref name="path"/>, or the request itself.</summary>
    private static string Subject(string path) => path.Length == 0 ? "The request" : path;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString(),
    };

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    /// <summary>The SDK's own <c>FindValue(string)</c> of a ConstantClass: known values are shared, others kept as given.</summary>
    private static MethodInfo EnumFactory(Type type) => EnumFactories.GetOrAdd(type, t =>
        t.GetMethod("FindValue", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
        ?? throw new NotSupportedException($"{t} has no FindValue(string)."));

    /// <summary>Zeroes every decoded blob: request blobs may be plaintext or key material.</summary>
    public void ZeroBlobs()
    {
        foreach (var blob in _blobs)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(blob);
        }
    }
}
