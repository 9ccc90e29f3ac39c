using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KmsKit.Generators.Parsing;

/// <summary>
/// The readable instance fields and properties of a type and the constructor that rebuilds it: the accessible
/// constructor with the most parameters whose parameters all name a member of the same type (a record's primary
/// constructor), the parameterless one otherwise.
/// </summary>
internal sealed class ObjectLayout
{
    private ObjectLayout(IReadOnlyList<LayoutMember> members, IMethodSymbol? constructor)
    {
        Members = members;
        Constructor = constructor;
    }

    public IReadOnlyList<LayoutMember> Members { get; }

    /// <summary>The rebuilding constructor, or null when there is none.</summary>
    public IMethodSymbol? Constructor { get; }

    public static ObjectLayout Of(INamedTypeSymbol type, ShapeResolver resolver)
    {
        var readable = ReadableMembers(type, resolver).ToList();
        // An abstract type has constructors for its derived types only: decryption cannot create one.
        var constructor = type.IsAbstract ? null : type.InstanceConstructors
            .Where(c => resolver.IsAccessible(c) && c.Parameters.All(p => Matching(readable, p) is not null))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var members = readable.Select(member =>
        {
            var position = constructor is null ? -1 : PositionOf(member, constructor, readable);
            var settable = member switch
            {
                IPropertySymbol property when Setter(property) is { } setter => resolver.IsAccessible(setter),
                IFieldSymbol field => !field.IsReadOnly,
                _ => false,
            };
            // A required member must be in the object initializer even when the constructor sets it, unless the
            // constructor says it sets them all ([SetsRequiredMembers]).
            var required = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
            var initialized = position < 0 || (required && !SetsRequiredMembers(constructor!));
            return new LayoutMember(member, position, position >= 0 || settable, initialized);
        }).ToList();
        return new ObjectLayout(members, constructor);
    }

    private static bool SetsRequiredMembers(IMethodSymbol constructor) =>
        constructor.GetAttributes().Any(a => a.AttributeClass is { Name: "SetsRequiredMembersAttribute", ContainingNamespace: { Name: "CodeAnalysis", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } } });

    private static int PositionOf(ISymbol member, IMethodSymbol constructor, IReadOnlyList<ISymbol> members)
    {
        for (var i = 0; i < constructor.Parameters.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(Matching(members, constructor.Parameters[i]), member))
            {
                return i;
            }
        }

        return -1;
    }

    // A public member first: for 'Order(string id) => this.id = id' with 'public string Id => id', the parameter is Id's value.
    private static ISymbol? Matching(IEnumerable<ISymbol> members, IParameterSymbol parameter) =>
        members.Where(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                && SymbolEqualityComparer.Default.Equals(LayoutMember.TypeOf(m), parameter.Type))
            .OrderBy(m => m.DeclaredAccessibility == Accessibility.Public ? 0 : 1)
            .FirstOrDefault();


    private static IEnumerable<ISymbol> ReadableMembers(INamedTypeSymbol type, ShapeResolver resolver)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        // A member overridden or hidden ('new') further down the chain is read through the most derived one, whose
        // attributes are the ones written last (an [Encrypt] on an override must not leave the member readable).
        return chain.SelectMany((t, level) => t.GetMembers().Where(member =>
            !chain.Skip(level + 1).Any(derived => derived.GetMembers(member.Name).Any(d => !d.IsStatic && !d.IsImplicitlyDeclared))))
            .Where(member => member switch
            {
                IPropertySymbol p => !p.IsStatic && !p.IsIndexer && !p.IsImplicitlyDeclared && Getter(p) is { } getter && resolver.IsAccessible(getter),
                IFieldSymbol f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared && f.AssociatedSymbol is null && resolver.IsAccessible(f),
                _ => false,
            });
    }

    /// <summary>The property's getter, its own or the one of the property it overrides.</summary>
    public static IMethodSymbol? Getter(IPropertySymbol property)
    {
        for (IPropertySymbol? p = property; p is not null; p = p.OverriddenProperty)
        {
            if (p.GetMethod is { } getter)
            {
                return getter;
            }
        }

        return null;
    }

    /// <summary>The property's setter or init accessor, its own or the one of the property it overrides.</summary>
    public static IMethodSymbol? Setter(IPropertySymbol property)
    {
        for (IPropertySymbol? p = property; p is not null; p = p.OverriddenProperty)
        {
            if (p.SetMethod is { } setter)
            {
                return setter;
            }
        }

        return null;
    }
}

/// <summary>A readable member of an <see cref="ObjectLayout"/>.</summary>
/// <param name="Symbol">The field or property.</param>
/// <param name="ConstructorParameter">Its position in the rebuilding constructor, or -1.</param>
/// <param name="Restorable">Whether the rebuilt object gets its value (constructor, setter, init or writable field).</param>
/// <param name="Initialized">Whether the object initializer sets it (not set by the constructor, or required).</param>
internal sealed record LayoutMember(ISymbol Symbol, int ConstructorParameter, bool Restorable, bool Initialized)
{
    /// <summary>
    /// Whether the member holds state (a field, a property with a setter, an auto-property) rather than computing
    /// it: state that cannot be restored would silently come back empty.
    /// </summary>
    public bool HoldsState => Symbol switch
    {
        IFieldSymbol => true,
        IPropertySymbol property when ObjectLayout.Setter(property) is not null => true,
        IPropertySymbol property => property.ContainingType.GetMembers().OfType<IFieldSymbol>()
            .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)),
        _ => false,
    };

    private static readonly SymbolDisplayFormat DeclarationFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public ITypeSymbol Type => TypeOf(Symbol);

    public string DeclaredType => Type.ToDisplayString(DeclarationFormat);

    public Accessibility Accessibility => Symbol.DeclaredAccessibility;

    public static ITypeSymbol TypeOf(ISymbol member) => member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
}
