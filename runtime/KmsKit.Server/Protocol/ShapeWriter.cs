using System;
using System.Collections;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;

namespace KmsKit.Server.Protocol;

/// <summary>
/// Writes an SDK response as awsJson1_1: members by name, null members omitted, blobs as base64, timestamps as
/// epoch seconds, enums as their string values.
/// </summary>
internal static class ShapeWriter
{
    public static void WriteStructure(Utf8JsonWriter writer, object shape)
    {
        writer.WriteStartObject();
        foreach (var (name, member) in ShapeMembers.Of(shape.GetType()))
        {
            var value = member.GetValue(shape);
            if (value is not null)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int integer:
                writer.WriteNumberValue(integer);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double real:
                writer.WriteNumberValue(real);
                break;
            case float real:
                writer.WriteNumberValue(real);
                break;
            case DateTime time:
                writer.WriteNumberValue((time.ToUniversalTime() - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond);
                break;
            case MemoryStream blob:
                WriteBlob(writer, blob);
                break;
            case ConstantClass constant:
                writer.WriteStringValue(constant.Value);
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Value is not null)
                    {
                        writer.WritePropertyName((string)entry.Key);
                        WriteValue(writer, entry.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case IList list:
                writer.WriteStartArray();
                foreach (var element in list)
                {
                    if (element is not null)
                    {
                        WriteValue(writer, element);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                WriteStructure(writer, value);
                break;
        }
    }

    /// <summary>Writes the whole blob, whatever the stream's position; the copy is zeroed (it may be plaintext).</summary>
    private static void WriteBlob(Utf8JsonWriter writer, MemoryStream blob)
    {
        var bytes = blob.ToArray();
        try
        {
            writer.WriteBase64StringValue(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
