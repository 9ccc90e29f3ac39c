using System.Composition;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS001, when the project references KmsKit.Runtime: envelope encryption in the AWS Encryption SDK message format,
/// through <c>EncryptionSdkEnvelope</c> (see <see cref="EnvelopeCallRewrite"/>), which calls the runtime's
/// <c>EncryptionClient</c> with an <c>AwsKmsKeyring</c> for the request's key, encryption context and grant tokens.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseEncryptionSdkMessageCodeFix))]
[Shared]
public sealed class UseEncryptionSdkMessageCodeFix : KmsCodeFixProvider
{
    internal static readonly ProjectHelper Helper = new("EncryptionSdkEnvelope", "EncryptionSdkEnvelope.cs.template");

    private static readonly EnvelopeCallRewrite Rewrite = new(
        Helper, "Use KmsKit.Runtime envelope encryption (AWS Encryption SDK message)", "KmsKit.UseEncryptionSdkMessage",
        static (compilation, tree) => RuntimeReference.IsReferenced(compilation) && ProjectHelper.Supports(tree));

    public UseEncryptionSdkMessageCodeFix()
        : base(DiagnosticDescriptors.PlaintextExceedsEncryptLimit)
    {
    }

    public override FixAllProvider GetFixAllProvider() => Rewrite.FixAllProvider();

    private protected override CodeAction? CreateFix(FixContext fix) => Rewrite.CreateFix(fix);
}
