using System.Composition;
using System.Linq;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS001: envelope encryption with the SDK and the BCL only, through <c>EnvelopeEncryption</c> (see
/// <see cref="EnvelopeCallRewrite"/>): GenerateDataKey, AES-256-GCM with a random nonce, the plaintext key zeroed in
/// <c>finally</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseEnvelopeEncryptionCodeFix))]
[Shared]
public sealed class UseEnvelopeEncryptionCodeFix : KmsCodeFixProvider
{
    internal static readonly ProjectHelper Helper = new("EnvelopeEncryption", "EnvelopeEncryption.cs.template");

    private static readonly EnvelopeCallRewrite Rewrite = new(
        Helper, "Use envelope encryption (GenerateDataKey and AES-GCM)", "KmsKit.UseEnvelopeEncryption", static (compilation, _) => SupportsHelper(compilation));

    public UseEnvelopeEncryptionCodeFix()
        : base(DiagnosticDescriptors.PlaintextExceedsEncryptLimit)
    {
    }

    public override FixAllProvider GetFixAllProvider() => Rewrite.FixAllProvider();

    private protected override CodeAction? CreateFix(FixContext fix) => Rewrite.CreateFix(fix);

    /// <summary>The helper needs async KMS calls and <c>AesGcm(byte[], int)</c> (.NET 8 or later).</summary>
    private static bool SupportsHelper(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Security.Cryptography.AesGcm") is { } aesGcm &&
        aesGcm.InstanceConstructors.Any(c => c.Parameters.Length == 2 && c.Parameters[1].Type.SpecialType == SpecialType.System_Int32);
}
