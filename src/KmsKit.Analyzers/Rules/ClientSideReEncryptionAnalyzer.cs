using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS106: an <c>Encrypt</c> whose request's <c>Plaintext</c> is the plaintext of a <c>Decrypt</c> made in the
/// same method on the same client (the stream itself, its <c>ToArray()</c>/<c>GetBuffer()</c>, or a
/// <c>new MemoryStream</c> over them). Two different clients may be two regions, which ReEncrypt cannot
/// bridge: no diagnostic then.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientSideReEncryptionAnalyzer : KmsAnalyzer
{
    public ClientSideReEncryptionAnalyzer()
        : base(DiagnosticDescriptors.ClientSideReEncryption)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var plaintextProperty = symbols.ModelType("DecryptResponse")?.GetMembers("Plaintext").OfType<IPropertySymbol>().FirstOrDefault();
        if (plaintextProperty is null)
        {
            return;
        }

        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Encrypt"),
            (nodeContext, encrypt, _) =>
            {
                if (encrypt.Arguments.Length == 0 ||
                    RequestShape.Of(encrypt.Arguments[0].Value)?.Value("Plaintext") is not { } plaintext ||
                    DecryptCall(plaintext, plaintextProperty) is not { } decrypt ||
                    !symbols.IsOperation(decrypt.TargetMethod, "Decrypt") ||
                    !SameClient(decrypt.Instance, encrypt.Instance))
                {
                    return;
                }

                nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientSideReEncryption, plaintext.Syntax.GetLocation()));
            });
    }

    /// <summary>The Decrypt call whose plaintext <paramref name="value"/> is, or null.</summary>
    private static IInvocationOperation? DecryptCall(IOperation value, IPropertySymbol decryptPlaintext)
    {
        var current = value.Resolve();
        for (var depth = 0; depth < 8; depth++)
        {
            switch (current)
            {
                case IObjectCreationOperation { Arguments.Length: > 0 } creation when creation.Type?.Name == "MemoryStream":
                    current = creation.Arguments[0].Value.Resolve();
                    break;
                case IInvocationOperation { TargetMethod.Name: "ToArray" } copy when copy.Receiver() is { } source:
                    current = source.Resolve();
                    break;
                case IPropertyReferenceOperation property when SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, decryptPlaintext):
                    return property.Instance?.Resolve() as IInvocationOperation;
                default:
                    if (MemoryViews.ReceiverOfView(current) is not { } viewed)
                    {
                        return null;
                    }

                    current = viewed.Resolve();
                    break;
            }
        }

        return null;
    }

    /// <summary>True when both calls are made on the same field, property, parameter or local.</summary>
    private static bool SameClient(IOperation? first, IOperation? second) =>
        ReferencedSymbol.Of(first) is { } client && SymbolEqualityComparer.Default.Equals(client, ReferencedSymbol.Of(second));
}
