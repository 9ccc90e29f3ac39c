using Microsoft.CodeAnalysis;

namespace KmsKit.CodeFixes;

/// <summary>Whether a compilation can call KmsKit.Runtime, which the fixes that target it need.</summary>
internal static class RuntimeReference
{

    public static bool IsReferenced(Compilation compilation) =>
        compilation.GetTypeByMetadataName("KmsKit.Runtime.EncryptionClient") is { DeclaredAccessibility: Accessibility.Public } &&
        compilation.GetTypeByMetadataName("KmsKit.Runtime.Keyrings.AwsKms.AwsKmsKeyring") is not null;
}
