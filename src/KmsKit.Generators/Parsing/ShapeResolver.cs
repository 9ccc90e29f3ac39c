using System.Collections.Generic;
using System.Linq;
using System.Text;
using KmsKit.Generators.Model;
using Microsoft.CodeAnalysis;

namespace KmsKit.Generators.Parsing;

/// <summary>
/// Maps member types to <see cref="ValueShape"/>s, and the classes, records and structs among them to
/// <see cref="ObjectModel"/>s, for one marked type. Unsupported types come back with the reason.
/// </summary>
internal sealed class ShapeResolver
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _within;
    private readonly KnownTypes _known;
    private readonly Dictionary<string, ObjectModel?> _objects = new();
    private readonly List<ValueShape> _shapes = [];

    public ShapeResolver(Compilation compilation, INamedTypeSymbol within, KnownTypes known)
    {
        _compilation = compilation;
        _within = within;
        _known = known;
    }

    /// <summary>The objects met so far, in the order they were first reached (the record's own excluded).</summary>
    public IEnumerable<ObjectModel> Objects(string recordId) =>
        _objects.Values.Where(o => o is not null && o.Shape.Id != recordId).Select(o => o!);

    /// <summary>Every shape with helpers met so far.</summary>
    public IReadOnlyList<ValueShape> Shapes => _shapes;

    public bool IsAccessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _within);

    /// <summary>The shape of <paramref name="type"/>, or null with <paramref name="reason"/> saying why there is none.</summary>
    public ValueShape? Resolve(ITypeSymbol type, out string? reason)
    {
        reason = null;
        var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (Primitive(type) is { } kind)
        {
            return new ValueShape(kind, name, IdOf(name), null, type.IsReferenceType);
        }

        if (!IsAccessible(type))
        {
            reason = $"'{type.ToDisplayString()}' is not accessible to the generated encryptor";
            return null;
        }

        switch (type)
        {
            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                return new ValueShape(ShapeKind.Enum, name, IdOf(name), Resolve(underlying, out reason), false);
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return Composite(ShapeKind.Nullable, name, nullable.TypeArguments[0], false, out reason);
            case IArrayTypeSymbol { Rank: 1 } array:
                return Composite(ShapeKind.Array, name, array.ElementType, true, out reason);
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic when IsListLike(generic):
                return Composite(ShapeKind.List, name, generic.TypeArguments[0], true, out reason);
            case INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } named when !IsFramework(named):
                return ResolveObject(named, name, out reason);
            default:
                reason = $"'{type.ToDisplayString()}' is not a supported type (see docs/generator.md)";
                return null;
        }
    }

    /// <summary>Registers the marked type itself, so that a member reaching it again shares its helpers.</summary>
    public ValueShape RecordShape(INamedTypeSymbol record)
    {
        var name = record.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var shape = new ValueShape(ShapeKind.Object, name, IdOf(name), null, record.IsReferenceType);
        _objects[shape.Id] = null;
        return shape;
    }

    /// <summary>Completes the record's entry once its members are known.</summary>
    public void CompleteRecord(ObjectModel record)
    {
        _objects[record.Shape.Id] = record;
        _shapes.Add(record.Shape);
    }

    private ValueShape? ResolveObject(INamedTypeSymbol type, string name, out string? reason)
    {
        reason = null;
        var shape = new ValueShape(ShapeKind.Object, name, IdOf(name), null, type.IsReferenceType);
        if (_objects.ContainsKey(shape.Id))
        {
            return shape;
        }

        _objects[shape.Id] = null;
        var layout = ObjectLayout.Of(type, this);
        if (layout.Constructor is null)
        {
            _objects.Remove(shape.Id);
            reason = $"'{type.ToDisplayString()}' has no accessible constructor whose parameters all match its members";
            return null;
        }

        if (layout.Members.FirstOrDefault(m => m.Accessibility != Accessibility.Public && m.ConstructorParameter >= 0) is { } hidden)
        {
            _objects.Remove(shape.Id);
            reason = $"its constructor parameter sets '{type.Name}.{hidden.Symbol.Name}', which is not public";
            return null;
        }

        var members = new List<DataMember>();
        foreach (var candidate in layout.Members.Where(m => m.Accessibility == Accessibility.Public))
        {
            if (!candidate.Restorable)
            {
                if (candidate.HoldsState)
                {
                    _objects.Remove(shape.Id);
                    reason = $"its member '{type.Name}.{candidate.Symbol.Name}' cannot be restored (no accessible setter and no constructor parameter of that name)";
                    return null;
                }

                continue; // computed
            }

            var member = Resolve(candidate.Type, out var memberReason);
            if (member is null)
            {
                _objects.Remove(shape.Id);
                reason = $"its member '{type.Name}.{candidate.Symbol.Name}' is not serializable: {memberReason}";
                return null;
            }

            members.Add(new DataMember(candidate.Symbol.Name, candidate.DeclaredType, member, MemberRole.Plain, null, null, candidate.ConstructorParameter, candidate.Initialized));
        }

        _objects[shape.Id] = new ObjectModel(shape, members.ToEquatableArray());
        _shapes.Add(shape);
        return shape;
    }

    private ValueShape? Composite(ShapeKind kind, string name, ITypeSymbol element, bool isReference, out string? reason)
    {
        var elementShape = Resolve(element, out reason);
        if (elementShape is null)
        {
            return null;
        }

        var shape = new ValueShape(kind, name, IdOf(name), elementShape, isReference);
        if (!_shapes.Contains(shape))
        {
            _shapes.Add(shape);
        }

        return shape;
    }

    private bool IsListLike(INamedTypeSymbol type)
    {
        if (_known.List is null)
        {
            return false;
        }

        var list = _known.List.Construct(type.TypeArguments[0]);
        if (SymbolEqualityComparer.Default.Equals(type, list))
        {
            return true;
        }

        // IList<T>, IReadOnlyList<T>, ICollection<T>, IReadOnlyCollection<T>, IEnumerable<T>: a List<T> is one.
        return type.TypeKind == TypeKind.Interface && list.AllInterfaces.Contains(type, SymbolEqualityComparer.Default);
    }

    private static bool IsFramework(INamedTypeSymbol type)
    {
        var root = type.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        return root?.Name is "System" or "Microsoft";
    }

    private static ShapeKind? Primitive(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_String => ShapeKind.String,
        SpecialType.System_Boolean => ShapeKind.Boolean,
        SpecialType.System_Byte => ShapeKind.Byte,
        SpecialType.System_SByte => ShapeKind.SByte,
        SpecialType.System_Int16 => ShapeKind.Int16,
        SpecialType.System_UInt16 => ShapeKind.UInt16,
        SpecialType.System_Int32 => ShapeKind.Int32,
        SpecialType.System_UInt32 => ShapeKind.UInt32,
        SpecialType.System_Int64 => ShapeKind.Int64,
        SpecialType.System_UInt64 => ShapeKind.UInt64,
        SpecialType.System_Single => ShapeKind.Single,
        SpecialType.System_Double => ShapeKind.Double,
        SpecialType.System_Decimal => ShapeKind.Decimal,
        SpecialType.System_Char => ShapeKind.Char,
        SpecialType.System_DateTime => ShapeKind.DateTime,
        _ when type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte } => ShapeKind.ByteArray,
        _ when IsSystemType(type, "DateTimeOffset") => ShapeKind.DateTimeOffset,
        _ when IsSystemType(type, "Guid") => ShapeKind.Guid,
        _ => null,
    };

    private static bool IsSystemType(ITypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    private static string IdOf(string typeName)
    {
        var id = new StringBuilder(typeName.Length);
        foreach (var c in typeName.Replace("global::", string.Empty))
        {
            id.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return id.ToString();
    }
}
