using System.Threading;
using KmsKit.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.Generators.Parsing;

/// <summary>
/// Finds [KmsEncrypted] by its written name, for compilations without KmsKit.Runtime: there the attribute type does
/// not resolve, so the symbol-based pipeline never sees it and the user would be left with CS0246 alone.
/// </summary>
internal static class RuntimeReferenceParser
{
    private const string ShortName = "KmsEncrypted";

    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is AttributeSyntax { Parent.Parent: TypeDeclarationSyntax } attribute && IsKmsEncrypted(attribute.Name);

    public static DiagnosticInfo Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var attribute = (AttributeSyntax)context.Node;
        var type = (TypeDeclarationSyntax)attribute.Parent!.Parent!;
        return new DiagnosticInfo(
            GeneratorDiagnostics.RuntimeNotReferenced.Id,
            LocationInfo.From(attribute.GetLocation()),
            new[] { type.Identifier.ValueText }.ToEquatableArray());
    }

    /// <summary>True when the runtime's attribute resolves, and the symbol-based pipeline handles every use.</summary>
    public static bool IsReferenced(Compilation compilation) =>
        compilation.GetTypeByMetadataName(KnownTypes.KmsEncryptedAttribute) is not null;

    // KmsEncrypted, KmsEncryptedAttribute, and either one qualified (KmsKit.Runtime.Encryptors.KmsEncrypted, global::...).
    private static bool IsKmsEncrypted(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => IsKmsEncrypted(qualified.Right),
        AliasQualifiedNameSyntax aliased => IsKmsEncrypted(aliased.Name),
        SimpleNameSyntax simple => simple.Identifier.ValueText is ShortName or ShortName + "Attribute",
        _ => false,
    };
}
