using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Amazon.Runtime;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// Writes an SDK request (or a response's structure) as CloudTrail writes requestParameters: the members that are set,
/// named in camelCase, enums as their value, dates in ISO 8601. Never written: a binary member of any kind (plaintext,
/// ciphertext blobs, messages, signatures, MACs, public keys, import tokens, wrapped key material, attestation documents)
/// and the members that hold secrets (<see cref="Secrets"/>). The members of each type are read once by reflection.
/// </summary>
internal static class AuditShapeWriter
{
    /// <summary>
    /// Members that hold a secret although they are text: a CloudHSM key store's kmsuser password, an XKS proxy's
    /// credential, and grant tokens (bearer values that make a grant usable at once).
    /// </summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal)
    {
        "KeyStorePassword", "XksProxyAuthenticationCredential", "GrantToken", "GrantTokens",
    };

    private const int MaxDepth = 6;

    private static readonly ConcurrentDictionary<Type, Member[]> Shapes = new();

    /// <summary>Writes the set members of <paramref name="value"/> into the object being written.</summary>
    public static void WriteMembers(Utf8JsonWriter json, object value) => WriteMembers(json, value, 0);

    /// <summary>True for the types written as JSON objects (structures), false for scalars and collections.</summary>
    private static bool IsStructure(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && !typeof(ConstantClass).IsAssignableFrom(type);

    private static void WriteMembers(Utf8JsonWriter json, object value, int depth)
    {
        foreach (var member in Shapes.GetOrAdd(value.GetType(), Read))
        {
            var memberValue = member.Property.GetValue(value);
            if (memberValue is not null && IsWritten(memberValue))
            {
                json.WritePropertyName(member.JsonName);
                WriteValue(json, memberValue, depth + 1);
            }
        }
    }

    private static bool IsWritten(object value) => value is not (Stream or byte[] or ReadOnlyMemory<byte> or Memory<byte>);

    private static void WriteValue(Utf8JsonWriter json, object value, int depth)
    {
        switch (value)
        {
            case string text:
                json.WriteStringValue(text);
                break;
            case ConstantClass constant:
                json.WriteStringValue(constant.Value);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double number:
                json.WriteNumberValue(number);
                break;
            case DateTime time:
                json.WriteStringValue(FormatTime(time));
                break;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is not null && IsWritten(entry.Value))
                    {
                        json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(json, entry.Value, depth + 1);
                    }
                }

                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        json.WriteNullValue();
                    }
                    else if (IsWritten(item))
                    {
                        WriteValue(json, item, depth + 1);
                    }
                }

                json.WriteEndArray();
                break;
            case Enum or IFormattable:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStartObject();
                if (depth < MaxDepth && IsStructure(value.GetType()))
                {
                    WriteMembers(json, value, depth);
                }

                json.WriteEndObject();
                break;
        }
    }

    /// <summary>CloudTrail's times: UTC to the second.</summary>
    public static string FormatTime(DateTime time) =>
        (time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime())
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>KeyId becomes keyId; AWSAccountId stays as CloudTrail writes it.</summary>
    private static string JsonName(string name) =>
        name.StartsWith("AWS", StringComparison.Ordinal) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static Member[] Read(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(property => property.GetIndexParameters().Length == 0 && property.CanRead && !Secrets.Contains(property.Name)
                               && !typeof(Stream).IsAssignableFrom(property.PropertyType) && property.PropertyType != typeof(byte[]))
            .OrderBy(property => property.MetadataToken)
            .Select(property => new Member(JsonEncodedText.Encode(JsonName(property.Name)), property))
            .ToArray();

    private sealed record Member(JsonEncodedText JsonName, PropertyInfo Property);
}
