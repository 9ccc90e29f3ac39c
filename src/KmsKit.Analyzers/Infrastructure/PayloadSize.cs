using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>How much data a KMS blob (a <c>MemoryStream</c>, or the bytes it wraps) holds, as far as the method shows.</summary>
internal readonly struct PayloadSize
{
    private PayloadSize(PayloadSizeKind kind, long bytes, string source)
    {
        Kind = kind;
        Bytes = bytes;
        Source = source;
    }

    public PayloadSizeKind Kind { get; }

    /// <summary>The size when <see cref="Kind"/> is <see cref="PayloadSizeKind.Known"/>.</summary>
    public long Bytes { get; }

    /// <summary>Where unbounded data comes from ("File.ReadAllBytes"), or what made the size known.</summary>
    public string Source { get; }

    public static PayloadSize Unknown { get; } = new(PayloadSizeKind.Unknown, 0, string.Empty);

    public static PayloadSize Known(long bytes, string source) => new(PayloadSizeKind.Known, bytes, source);

    public static PayloadSize Unbounded(string source) => new(PayloadSizeKind.Unbounded, 0, source);
}

internal enum PayloadSizeKind
{
    Unknown,
    Known,
    Unbounded,
}

/// <summary>
/// Works out <see cref="PayloadSize"/> for the rules that check KMS size limits (KMS001, KMS005). Known sizes:
/// constant-length arrays, <c>Encoding.GetBytes</c> of a constant, <c>RandomNumberGenerator.GetBytes(n)</c>, hashes.
/// Unbounded sources: files, copied streams (HTTP bodies), serializers' output. Anything else is unknown and
/// the rules stay silent, as the catalogue asks (a string of unknown length alone is not unbounded).
/// </summary>
internal static class PayloadSizes
{
    private const int MaxDepth = 6;

    public static PayloadSize Of(IOperation? operation) => operation is null ? PayloadSize.Unknown : Of(operation, 0);

    private static PayloadSize Of(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return PayloadSize.Unknown;
        }

        if (operation.Unwrap() is ILocalReferenceOperation stream && IsMemoryStream(stream.Type) &&
            FilledBy(stream.Local, operation.Root()) is { } filler)
        {
            return PayloadSize.Unbounded(filler);
        }

        return operation.Resolve() switch
        {
            IObjectCreationOperation creation when IsMemoryStream(creation.Type) &&
                creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type is IArrayTypeSymbol =>
                Of(creation.Arguments[0].Value, depth + 1),
            IArrayCreationOperation array => ArraySize(array),
            IInvocationOperation invocation => InvocationSize(invocation, depth),
            _ => PayloadSize.Unknown,
        };
    }

    private static PayloadSize ArraySize(IArrayCreationOperation array)
    {
        if (array.Initializer is not null)
        {
            return PayloadSize.Known(array.Initializer.ElementValues.Length, "an array initializer");
        }

        return array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantInteger() is { } length
            ? PayloadSize.Known(length, "a constant-size array")
            : PayloadSize.Unknown;
    }

    private static PayloadSize InvocationSize(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "ReadAllBytes" or "ReadAllBytesAsync" or "ReadAllText" or "ReadAllTextAsync" when type.HasFullName("System.IO.File"):
                return PayloadSize.Unbounded("File." + method.Name);
            case "SerializeToUtf8Bytes":
            case "Serialize" or "SerializeObject" when method.ReturnType.SpecialType == SpecialType.System_String:
                return PayloadSize.Unbounded(method.ContainingType!.Name + "." + method.Name);
            case "ReadAsByteArrayAsync" or "ReadAsStringAsync" when type.HasFullName("System.Net.Http.HttpContent"):
                return PayloadSize.Unbounded("HttpContent." + method.Name);
            case "ReadToEnd" or "ReadToEndAsync" when type.InheritsFrom("System.IO.TextReader"):
                return PayloadSize.Unbounded(method.ContainingType!.Name + "." + method.Name);
            case "GetBytes" when type.InheritsFrom("System.Text.Encoding") && invocation.Arguments.Length == 1:
                return EncodedSize(invocation, depth);
            case "GetBytes" when type.HasFullName("System.Security.Cryptography.RandomNumberGenerator") && invocation.Arguments.Length == 1:
                return invocation.Arguments[0].Value.ConstantInteger() is { } count
                    ? PayloadSize.Known(count, "RandomNumberGenerator.GetBytes")
                    : PayloadSize.Unknown;
            case "ToArray" or "GetBuffer" when invocation.Instance is { } stream && IsMemoryStream(stream.Type):
                return Of(stream, depth + 1);
            default:
                return Hash(invocation) is { } hash ? PayloadSize.Known(hash.Length, hash.Name) : PayloadSize.Unknown;
        }
    }

    private static PayloadSize EncodedSize(IInvocationOperation getBytes, int depth)
    {
        var argument = getBytes.Arguments[0].Value;
        if (argument.Resolve().ConstantValue.Value is string text)
        {
            var encoding = getBytes.Instance?.Resolve() is IPropertyReferenceOperation property ? property.Property.Name : "UTF8";
            return PayloadSize.Known(ByteCount(encoding, text), "a constant string");
        }

        // A string of unknown length is not unbounded by itself; one read from a file or a serializer is.
        var source = Of(argument, depth + 1);
        return source.Kind == PayloadSizeKind.Unbounded ? source : PayloadSize.Unknown;
    }

    private static long ByteCount(string encoding, string text) => encoding switch
    {
        "Unicode" or "BigEndianUnicode" => text.Length * 2L,
        "UTF32" => text.Length * 4L,
        "ASCII" or "Latin1" => text.Length,
        _ => Encoding.UTF8.GetByteCount(text),
    };

    /// <summary>
    /// The digest of <c>SHA256.HashData(...)</c>, <c>sha256.ComputeHash(...)</c> and the like: its length and
    /// a name for messages ("SHA256.ComputeHash").
    /// </summary>
    public static (int Length, string Name)? Hash(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("HashData" or "ComputeHash" or "HashDataAsync" or "ComputeHashAsync"))
        {
            return null;
        }

        var algorithmType = method.IsStatic ? method.ContainingType : invocation.Instance?.Resolve().Type ?? method.ContainingType;
        for (var type = algorithmType; type is not null; type = type.BaseType)
        {
            int? length = !type.ContainingNamespace.HasFullName("System.Security.Cryptography") ? null : type.Name switch
            {
                "SHA256" => 32,
                "SHA384" => 48,
                "SHA512" => 64,
                "SHA1" => 20,
                "MD5" => 16,
                _ => null,
            };
            if (length is not null)
            {
                return (length.Value, type.Name + "." + method.Name);
            }
        }

        return null;
    }

    /// <summary>
    /// What fills a <c>MemoryStream</c> local with data of unbounded size: a stream copied into it (a file, an
    /// HTTP body) or a serializer writing into it. Null when nothing does.
    /// </summary>
    private static string? FilledBy(ILocalSymbol stream, IOperation root)
    {
        foreach (var reference in OperationFlow.References(stream, root))
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation call })
            {
                var name = call.TargetMethod.Name;
                if (name is "CopyTo" or "CopyToAsync" || name.StartsWith("Serialize", System.StringComparison.Ordinal))
                {
                    return call.TargetMethod.ContainingType.Name + "." + name;
                }
            }
        }

        return null;
    }

    private static bool IsMemoryStream(ITypeSymbol? type) => type.HasFullName("System.IO.MemoryStream");
}
