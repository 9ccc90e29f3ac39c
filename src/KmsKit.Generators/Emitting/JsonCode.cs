using System;
using System.Linq;
using KmsKit.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.Generators.Emitting;

/// <summary>
/// The Utf8JsonWriter/Utf8JsonReader code for each shape: inline statements and expressions for primitives,
/// helper methods (Write_Id/Read_Id) for nullables, collections and objects. No reflection anywhere.
/// </summary>
internal static class JsonCode
{
    public const string JsonTokenType = "global::System.Text.Json.JsonTokenType";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";

    /// <summary>An identifier as C# source (keywords escaped).</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>Writes the value of <paramref name="expression"/>.</summary>
    public static void WriteValue(SourceWriter source, ValueShape shape, string expression)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Boolean:
                source.Line($"writer.WriteBooleanValue({expression});");
                break;
            case ShapeKind.String or ShapeKind.DateTime or ShapeKind.DateTimeOffset or ShapeKind.Guid:
                source.Line($"writer.WriteStringValue({expression});");
                break;
            case ShapeKind.Char:
                source.Line($"writer.WriteStringValue({expression}.ToString());");
                break;
            case ShapeKind.ByteArray:
                source.Line($"if ({expression} is null) writer.WriteNullValue(); else writer.WriteBase64StringValue({expression});");
                break;
            case ShapeKind.Enum:
                source.Line($"writer.WriteNumberValue(({shape.Element!.TypeName}){expression});");
                break;
            case ShapeKind.Single or ShapeKind.Double:
                // NaN and the infinities are not JSON numbers (WriteNumberValue throws): written as System.Text.Json names them.
                var type = shape.Kind == ShapeKind.Single ? "float" : "double";
                source.Line($"if ({type}.IsFinite({expression})) writer.WriteNumberValue({expression}); else writer.WriteStringValue({expression}.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
                break;
            case ShapeKind.Nullable or ShapeKind.Array or ShapeKind.List or ShapeKind.Object:
                source.Line($"Write_{shape.Id}(writer, {expression});");
                break;
            default:
                source.Line($"writer.WriteNumberValue({expression});");
                break;
        }
    }

    /// <summary>An expression reading a value from the reader's current token.</summary>
    public static string ReadValue(ValueShape shape) => shape.Kind switch
    {
        ShapeKind.String => "reader.GetString()",
        ShapeKind.Char => "reader.GetString()[0]",
        ShapeKind.ByteArray => $"reader.TokenType == {JsonTokenType}.Null ? null : reader.GetBytesFromBase64()",
        ShapeKind.Enum => $"({shape.TypeName}){ReadValue(shape.Element!)}",
        ShapeKind.Single or ShapeKind.Double =>
            $"(reader.TokenType == {JsonTokenType}.String ? {(shape.Kind == ShapeKind.Single ? "float" : "double")}.Parse(reader.GetString(), global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture) : reader.Get{shape.Kind}())",
        ShapeKind.Nullable or ShapeKind.Array or ShapeKind.List or ShapeKind.Object => $"Read_{shape.Id}(ref reader)",
        _ => $"reader.Get{shape.Kind}()",
    };

    /// <summary>The Write_/Read_ helper pair of a shape that has them.</summary>
    public static void Helpers(SourceWriter source, ValueShape shape, ObjectModel? model)
    {
        var nullable = shape.Kind == ShapeKind.Nullable ? shape.Element!.TypeName + "?" : shape.TypeName;
        using (source.Block($"private static void Write_{shape.Id}({Writer} writer, {nullable} value)"))
        {
            if (shape.IsReferenceType || shape.Kind == ShapeKind.Nullable)
            {
                using (source.Block("if (value is null)"))
                {
                    source.Line("writer.WriteNullValue();");
                    source.Line("return;");
                }

                source.Line();
            }

            switch (shape.Kind)
            {
                case ShapeKind.Nullable:
                    WriteValue(source, shape.Element!, "value.Value");
                    break;
                case ShapeKind.Array or ShapeKind.List:
                    source.Line("writer.WriteStartArray();");
                    using (source.Block("foreach (var item in value)"))
                    {
                        WriteValue(source, shape.Element!, "item");
                    }

                    source.Line();
                    source.Line("writer.WriteEndArray();");
                    break;
                default:
                    WriteObject(source, model!.Members, "value");
                    break;
            }
        }

        source.Line();
        using (source.Block($"private static {nullable} Read_{shape.Id}(ref {Reader} reader)"))
        {
            if (shape.IsReferenceType || shape.Kind == ShapeKind.Nullable)
            {
                using (source.Block($"if (reader.TokenType == {JsonTokenType}.Null)"))
                {
                    source.Line("return null;");
                }

                source.Line();
            }

            switch (shape.Kind)
            {
                case ShapeKind.Nullable:
                    source.Line($"return {ReadValue(shape.Element!)};");
                    break;
                case ShapeKind.Array or ShapeKind.List:
                    source.Line($"var items = new global::System.Collections.Generic.List<{shape.Element!.TypeName}>();");
                    using (source.Block($"while (reader.Read() && reader.TokenType != {JsonTokenType}.EndArray)"))
                    {
                        source.Line($"items.Add({ReadValue(shape.Element!)});");
                    }

                    source.Line();
                    source.Line(shape.Kind == ShapeKind.Array ? "return items.ToArray();" : "return items;");
                    break;
                default:
                    ReadMembers(source, model!.Members);
                    source.Line($"return {Construct(shape.TypeName, model.Members, Local)};");
                    break;
            }
        }
    }

    /// <summary>Writes <paramref name="members"/> of <paramref name="receiver"/> as one JSON object.</summary>
    public static void WriteObject(SourceWriter source, EquatableArray<DataMember> members, string receiver)
    {
        source.Line("writer.WriteStartObject();");
        foreach (var member in members)
        {
            source.Line($"writer.WritePropertyName(\"{member.Name}\");");
            WriteValue(source, member.Shape, $"{receiver}.{Identifier(member.Name)}");
        }

        source.Line("writer.WriteEndObject();");
    }

    /// <summary>Reads the JSON object at the reader into locals named by <see cref="Local"/>.</summary>
    public static void ReadMembers(SourceWriter source, EquatableArray<DataMember> members)
    {
        foreach (var member in members)
        {
            source.Line($"{member.DeclaredType} {Local(member)} = default!;");
        }

        using (source.Block($"if (reader.TokenType != {JsonTokenType}.StartObject)"))
        {
            source.Line("throw new global::System.Text.Json.JsonException(\"Expected a JSON object.\");");
        }

        source.Line();
        using (source.Block($"while (reader.Read() && reader.TokenType == {JsonTokenType}.PropertyName)"))
        {
            var first = true;
            foreach (var member in members)
            {
                using (source.Block($"{(first ? string.Empty : "else ")}if (reader.ValueTextEquals(\"{member.Name}\"))"))
                {
                    source.Line("reader.Read();");
                    source.Line($"{Local(member)} = {ReadValue(member.Shape)};");
                }

                first = false;
            }

            // A member this version does not know: skip it whole.
            using (first ? default : source.Block("else"))
            {
                source.Line("reader.Read();");
                source.Line("reader.Skip();");
            }
        }

        source.Line();
    }

    /// <summary>A <c>new T(...) { ... }</c> expression taking each member's value from <paramref name="valueOf"/>.</summary>
    public static string Construct(string typeName, EquatableArray<DataMember> members, Func<DataMember, string> valueOf)
    {
        var arguments = members.Where(m => m.ConstructorParameter >= 0).OrderBy(m => m.ConstructorParameter).Select(valueOf);
        var initializers = members.Where(m => m.Initialized).Select(m => $"{Identifier(m.Name)} = {valueOf(m)}").ToList();
        var initializer = initializers.Count == 0 ? string.Empty : " { " + string.Join(", ", initializers) + " }";
        return $"new {typeName}({string.Join(", ", arguments)}){initializer}";
    }

    /// <summary>The local holding a member's value while an object is read.</summary>
    public static string Local(DataMember member) => "member_" + member.Name;
}
