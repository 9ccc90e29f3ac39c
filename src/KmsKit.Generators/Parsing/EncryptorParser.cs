using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KmsKit.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.Generators.Parsing;

/// <summary>Turns one [KmsEncrypted] type into an <see cref="EncryptorModel"/> and its KMSGEN diagnostics.</summary>
internal sealed class EncryptorParser
{
    private static readonly string[] ReservedContextPrefixes = ["aws-crypto-", "kmskit:"];
    private static readonly string[] GeneratedTypeNames = ["Encryptor", "Encrypted"];

    private static readonly SymbolDisplayFormat IdentityFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private readonly INamedTypeSymbol _type;
    private readonly TypeDeclarationSyntax _declaration;
    private readonly AttributeData _attribute;
    private readonly KnownTypes _known;
    private readonly ShapeResolver _shapes;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private bool _keptTypesPublic = true;

    private EncryptorParser(GeneratorAttributeSyntaxContext context)
    {
        _type = (INamedTypeSymbol)context.TargetSymbol;
        _declaration = (TypeDeclarationSyntax)context.TargetNode;
        _attribute = context.Attributes[0];
        _known = new KnownTypes(context.SemanticModel.Compilation);
        _shapes = new ShapeResolver(context.SemanticModel.Compilation, _type, _known);
    }

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        new EncryptorParser(context).Parse(cancellationToken);

    private ParseResult Parse(CancellationToken cancellationToken)
    {
        CheckDeclarations();
        var (keyId, keyName, schemaVersion) = ReadAttribute();
        var recordShape = _shapes.RecordShape(_type);
        var roles = new HashSet<MemberRole>();
        var members = ReadMembers(roles, cancellationToken);
        var record = new ObjectModel(recordShape, members.ToEquatableArray());
        _shapes.CompleteRecord(record);
        CheckBinding(roles);

        if (_diagnostics.Any(d => GeneratorDiagnostics.ById[d.Id].DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        // Unescaped (Shop.class, not Shop.@class): the identity is text in the context and names the generated file.
        var identity = _type.ToDisplayString(IdentityFormat);
        var model = new EncryptorModel(
            _type.ContainingNamespace.IsGlobalNamespace ? null : _type.ContainingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty),
            Declarations().ToEquatableArray(),
            identity,
            keyId,
            keyName,
            schemaVersion,
            record,
            _shapes.Objects(recordShape.Id).ToEquatableArray(),
            _shapes.Shapes.ToEquatableArray(),
            HidesInherited(),
            _keptTypesPublic ? "public" : "internal",
            identity + ".Encryptor.g.cs");
        return new ParseResult(model, _diagnostics.ToEquatableArray());
    }

    private void CheckDeclarations()
    {
        if (_type.IsGenericType)
        {
            Report(GeneratorDiagnostics.GenericType, _declaration.Identifier.GetLocation(), _type.Name);
        }

        for (var type = _type; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            var place = SymbolEqualityComparer.Default.Equals(type, _type) ? _declaration.Identifier.GetLocation() : declarations.FirstOrDefault()?.Identifier.GetLocation();
            if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                Report(GeneratorDiagnostics.NotPartial, place, type.Name);
            }

            if (type.IsFileLocal || type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                var access = type.IsFileLocal ? "file-local" : SyntaxFacts.GetText(type.DeclaredAccessibility);
                Report(GeneratorDiagnostics.InaccessibleType, place, type.Name, access);
            }
        }

        foreach (var member in _type.GetMembers().Where(m => !m.IsImplicitlyDeclared && GeneratedTypeNames.Contains(m.Name)))
        {
            Report(GeneratorDiagnostics.ReservedName, member.Locations.FirstOrDefault(), _type.Name, member.Name);
        }
    }

    private bool HidesInherited()
    {
        for (var type = _type.BaseType; type is not null; type = type.BaseType)
        {
            // A marked base gets its Encryptor from this generator: not among its members in this compilation yet.
            if (GeneratedTypeNames.Any(name => !type.GetMembers(name).IsEmpty)
                || type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownTypes.KmsEncryptedAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private (string? KeyId, string? KeyName, int SchemaVersion) ReadAttribute()
    {
        var keyId = _attribute.ConstructorArguments.FirstOrDefault().Value as string;
        string? keyName = null;
        var schemaVersion = 1;
        foreach (var named in _attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "KeyName":
                    keyName = named.Value.Value as string;
                    break;
                case "SchemaVersion":
                    schemaVersion = named.Value.Value as int? ?? 1;
                    break;
            }
        }

        var attributeSyntax = _attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
        if (string.IsNullOrWhiteSpace(keyId) == string.IsNullOrWhiteSpace(keyName))
        {
            Report(GeneratorDiagnostics.NoKey, attributeSyntax?.GetLocation(), _type.Name);
        }

        if (schemaVersion < 1)
        {
            var argument = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "SchemaVersion");
            Report(GeneratorDiagnostics.InvalidSchemaVersion, (argument ?? (SyntaxNode?)attributeSyntax)?.GetLocation(), schemaVersion.ToString());
        }

        return (string.IsNullOrWhiteSpace(keyId) ? null : keyId, string.IsNullOrWhiteSpace(keyName) ? null : keyName, schemaVersion);
    }

    /// <summary>The data members; <paramref name="declaredRoles"/> gets every role marked, on rejected members too.</summary>
    private List<DataMember> ReadMembers(HashSet<MemberRole> declaredRoles, CancellationToken cancellationToken)
    {
        var layout = ObjectLayout.Of(_type, _shapes);
        var members = new List<DataMember>();
        var contextKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in layout.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var symbol = candidate.Symbol;
            var roles = Roles(symbol).ToList();
            if (roles.Count > 1)
            {
                Report(GeneratorDiagnostics.ConflictingRoles, Location(roles[1].Attribute), symbol.Name, AttributeName(roles[0].Attribute), AttributeName(roles[1].Attribute));
            }

            var role = roles.Count == 0 ? MemberRole.Plain : roles[0].Role;
            declaredRoles.Add(role);
            if (role == MemberRole.Plain && (candidate.Accessibility != Accessibility.Public || (!candidate.Restorable && !candidate.HoldsState)))
            {
                if (candidate.ConstructorParameter >= 0)
                {
                    // The rebuilding constructor needs it, but it is not in the encrypted form to give back.
                    Report(GeneratorDiagnostics.MemberNotRestorable, _declaration.Identifier.GetLocation(), _type.Name, $"its constructor parameter '{symbol.Name}' sets a member that is not data (not public and not marked)");
                }

                continue; // not data: private state or a computed property
            }

            if (!candidate.Restorable)
            {
                Report(GeneratorDiagnostics.MemberNotRestorable, symbol.Locations.FirstOrDefault(), symbol.Name, NotRestorableReason(symbol));
                continue;
            }

            if (role != MemberRole.Encrypt && symbol.Name == "Ciphertext")
            {
                Report(GeneratorDiagnostics.ReservedName, symbol.Locations.FirstOrDefault(), _type.Name, symbol.Name);
            }

            var shape = _shapes.Resolve(candidate.Type, out var reason);
            if (shape is null)
            {
                Report(GeneratorDiagnostics.MemberNotSerializable, symbol.Locations.FirstOrDefault(), symbol.Name, reason!);
                continue;
            }

            string? contextKey = null;
            string? conversion = null;
            if (role == MemberRole.Context)
            {
                contextKey = ReadContextKey(roles[0].Attribute, symbol, contextKeys);
                conversion = ContextConversion(candidate.Type);
                if (conversion is null)
                {
                    Report(GeneratorDiagnostics.ContextMemberNotConvertible, symbol.Locations.FirstOrDefault(), symbol.Name, candidate.Type.ToDisplayString());
                }
            }

            if (role != MemberRole.Encrypt && !IsPublic(candidate.Type))
            {
                _keptTypesPublic = false; // a public Encrypted form could not have this member: both generated types are internal
            }

            members.Add(new DataMember(symbol.Name, candidate.DeclaredType, shape, role, contextKey, conversion, candidate.ConstructorParameter, candidate.Initialized));
        }

        if (layout.Constructor is null)
        {
            var reason = _type.IsAbstract ? "it is abstract, so decryption cannot create it" : "it has no accessible constructor whose parameters all match its members";
            Report(GeneratorDiagnostics.MemberNotRestorable, _declaration.Identifier.GetLocation(), _type.Name, reason);
        }

        return members;
    }

    private string? ReadContextKey(AttributeData attribute, ISymbol member, Dictionary<string, string> claimed)
    {
        var key = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty;
        var place = (attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? Location(attribute);
        if (key.Length == 0 || ReservedContextPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
        {
            Report(GeneratorDiagnostics.ReservedContextKey, place, key);
        }
        else if (claimed.TryGetValue(key, out var first))
        {
            Report(GeneratorDiagnostics.DuplicateContextKey, place, member.Name, key, first);
        }
        else
        {
            claimed[key] = member.Name;
        }

        return key;
    }

    private void CheckBinding(HashSet<MemberRole> roles)
    {
        var place = _declaration.Identifier.GetLocation();
        if (!roles.Contains(MemberRole.Encrypt))
        {
            Report(GeneratorDiagnostics.NothingEncrypted, place, _type.Name);
        }

        if (!roles.Contains(MemberRole.SignOnly) && !roles.Contains(MemberRole.Context))
        {
            Report(GeneratorDiagnostics.NotBoundToRecord, place, _type.Name);
        }
    }

    /// <summary>The roles marked on the member, or on the nearest property it overrides when it marks none itself.</summary>
    private IEnumerable<(MemberRole Role, AttributeData Attribute)> Roles(ISymbol member)
    {
        var roles = OwnRoles(member).ToList();
        return roles.Count == 0 && member is IPropertySymbol { OverriddenProperty: { } overridden } ? Roles(overridden) : roles;
    }

    private IEnumerable<(MemberRole Role, AttributeData Attribute)> OwnRoles(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            var role = attribute.AttributeClass switch
            {
                var c when SymbolEqualityComparer.Default.Equals(c, _known.Encrypt) => MemberRole.Encrypt,
                var c when SymbolEqualityComparer.Default.Equals(c, _known.SignOnly) => MemberRole.SignOnly,
                var c when SymbolEqualityComparer.Default.Equals(c, _known.EncryptionContext) => MemberRole.Context,
                _ => MemberRole.Plain,
            };
            if (role != MemberRole.Plain)
            {
                yield return (role, attribute);
            }
        }
    }

    private IEnumerable<ContainingType> Declarations()
    {
        var declarations = new List<ContainingType>();
        for (var type = _type; type is not null; type = type.ContainingType)
        {
            var keyword = type switch
            {
                { IsRecord: true, IsValueType: true } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            declarations.Insert(0, new ContainingType(keyword, Emitting.JsonCode.Identifier(type.Name)));
        }

        return declarations;
    }

    private static string? ContextConversion(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Enum } => "OfEnum",
        {
            SpecialType: SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_DateTime
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
        } => "Of",
        { Name: "Guid" or "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } => "Of",
        _ => null,
    };

    private static bool IsPublic(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsPublic(array.ElementType),
        INamedTypeSymbol named => IsPublicDeclaration(named) && named.TypeArguments.All(IsPublic),
        _ => true,
    };

    private static bool IsPublicDeclaration(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    private static string NotRestorableReason(ISymbol member) => member switch
    {
        IFieldSymbol { IsReadOnly: true } => "it is a readonly field that no constructor parameter sets",
        IPropertySymbol property when ObjectLayout.Setter(property) is null => "it has no setter or init accessor and no constructor parameter of the same name",
        _ => "its setter is not accessible to the generated encryptor",
    };

    private static string AttributeName(AttributeData attribute) =>
        "[" + attribute.AttributeClass!.Name.Substring(0, attribute.AttributeClass.Name.Length - "Attribute".Length) + "]";

    private static Location? Location(AttributeData attribute) => attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

    private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(location), arguments.ToEquatableArray()));
}
