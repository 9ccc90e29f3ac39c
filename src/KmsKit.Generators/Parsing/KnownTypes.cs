using Microsoft.CodeAnalysis;

namespace KmsKit.Generators.Parsing;

/// <summary>The runtime's attribute types, resolved once per marked type from its compilation.</summary>
internal sealed class KnownTypes
{
    public const string Namespace = "KmsKit.Runtime.Encryptors";
    public const string KmsEncryptedAttribute = Namespace + ".KmsEncryptedAttribute";

    public KnownTypes(Compilation compilation)
    {
        Encrypt = compilation.GetTypeByMetadataName(Namespace + ".EncryptAttribute");
        SignOnly = compilation.GetTypeByMetadataName(Namespace + ".SignOnlyAttribute");
        EncryptionContext = compilation.GetTypeByMetadataName(Namespace + ".EncryptionContextAttribute");
        List = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
    }

    public INamedTypeSymbol? Encrypt { get; }

    public INamedTypeSymbol? SignOnly { get; }

    public INamedTypeSymbol? EncryptionContext { get; }

    public INamedTypeSymbol? List { get; }
}
