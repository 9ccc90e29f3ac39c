using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;

namespace KmsKit.Server.Protocol;

/// <summary>The API model's shape kinds, recognised from the SDK's CLR types.</summary>
internal enum ShapeKind
{
    String,
    Boolean,
    Integer,
    Long,
    Double,
    Timestamp,
    Blob,
    Enum,
    List,
    Map,
    Structure,
}

internal static class ShapeKinds
{
    public static ShapeKind Of(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return ShapeKind.String;
        }

        if (type == typeof(bool))
        {
            return ShapeKind.Boolean;
        }

        if (type == typeof(int))
        {
            return ShapeKind.Integer;
        }

        if (type == typeof(long))
        {
            return ShapeKind.Long;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return ShapeKind.Double;
        }

        if (type == typeof(DateTime))
        {
            return ShapeKind.Timestamp;
        }

        if (typeof(MemoryStream).IsAssignableFrom(type))
        {
            return ShapeKind.Blob;
        }

        if (typeof(ConstantClass).IsAssignableFrom(type))
        {
            return ShapeKind.Enum;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return ShapeKind.List;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return ShapeKind.Map;
        }

        if (type.IsClass)
        {
            return ShapeKind.Structure;
        }

        throw new NotSupportedException($"The SDK model type {type} has no wire shape.");
    }
}
