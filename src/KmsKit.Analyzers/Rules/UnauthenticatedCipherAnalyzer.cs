using System.Collections.Generic;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS104: a KMS data key given to an <c>Aes</c> or <c>Rijndael</c> object that then encrypts or decrypts in CBC,
/// ECB, CFB or OFB mode: the one-shot <c>EncryptCbc</c>/<c>DecryptEcb</c>/... calls, or <c>CreateEncryptor</c>/
/// <c>CreateDecryptor</c> with <c>Mode</c> set to one of them, or left at its default (CBC) on an instance created in
/// the method and not handed to another method (which may set the mode). The key may reach the cipher through
/// helpers of the compilation (<see cref="KeyParameterSummaries"/>): the call that hands it over is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnauthenticatedCipherAnalyzer : KmsAnalyzer
{
    private static readonly string[] UnauthenticatedModes = { "CBC", "ECB", "CFB", "OFB" };

    public UnauthenticatedCipherAnalyzer()
        : base(DiagnosticDescriptors.UnauthenticatedCipherForDataKey)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var ciphers = new[] { symbols.Type("System.Security.Cryptography.Aes"), symbols.Type("System.Security.Cryptography.Rijndael") }
            .Where(t => t is not null).Select(t => t!).ToArray();
        if (ciphers.Length == 0)
        {
            return;
        }

        PlaintextKeySources.Register(context, symbols, (block, flow) =>
        {
            var reported = new HashSet<IOperation>();
            foreach (var buffer in flow.Buffers)
            {
                if (!buffer.IsKeyMaterial)
                {
                    continue;
                }

                foreach (var use in buffer.Uses)
                {
                    if (use.Kind != PlaintextUseKind.KeyInput)
                    {
                        continue;
                    }

                    if (CipherGivenKey(use.Site, ciphers) is { } cipher)
                    {
                        foreach (var (operation, mode) in UnauthenticatedOperations(cipher, use.Site.Root()))
                        {
                            if (reported.Add(operation))
                            {
                                block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnauthenticatedCipherForDataKey, operation.Syntax.GetLocation(), mode));
                            }
                        }
                    }
                    else if (use.Site.Parent is IArgumentOperation { Parameter: { } parameter, Parent: { } call } &&
                             ModeInHelper(flow.Helpers.Of(parameter), ciphers) is { } helperMode && reported.Add(call))
                    {
                        block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnauthenticatedCipherForDataKey, call.Syntax.GetLocation(), helperMode));
                    }
                }
            }
        });
    }

    /// <summary>The first mode without authentication that a helper of the compilation encrypts with under the key it is given.</summary>
    private static string? ModeInHelper(KeyParameterSummary? helper, INamedTypeSymbol[] ciphers) =>
        helper is null
            ? null
            : helper.KeySites
                .SelectMany(site => CipherGivenKey(site, ciphers) is { } cipher ? UnauthenticatedOperations(cipher, site.Root()) : Enumerable.Empty<(IOperation Operation, string Mode)>())
                .Select(found => found.Mode)
                .FirstOrDefault();

    /// <summary>The Aes or Rijndael instance (a local, field or parameter) that a key site is given to: <c>aes.Key = key</c>, <c>aes.CreateEncryptor(key, iv)</c>.</summary>
    private static ISymbol? CipherGivenKey(IOperation site, INamedTypeSymbol[] ciphers)
    {
        var instance = site.Parent switch
        {
            IAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Key" } property } => property.Instance,
            IArgumentOperation { Parent: IInvocationOperation invocation } => invocation.Instance,
            _ => null,
        };

        var symbol = ReferencedSymbol.Of(instance);
        return symbol is not null && IsCipher(instance!, symbol, ciphers) ? symbol : null;
    }

    /// <summary>Every encryption or decryption by <paramref name="cipher"/> in the body that uses a mode without authentication.</summary>
    private static IEnumerable<(IOperation Operation, string Mode)> UnauthenticatedOperations(ISymbol cipher, IOperation root)
    {
        string? configuredMode = null;
        foreach (var invocation in root.Descendants().OfType<IInvocationOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(ReferencedSymbol.Of(invocation.Instance), cipher))
            {
                continue;
            }

            var name = invocation.TargetMethod.Name;
            if (name.Length == 10 && (name.StartsWith("Encrypt", System.StringComparison.Ordinal) || name.StartsWith("Decrypt", System.StringComparison.Ordinal)) &&
                UnauthenticatedModes.Contains(name.Substring(7).ToUpperInvariant()))
            {
                yield return (invocation, name.Substring(7).ToUpperInvariant());
            }
            else if (name is "CreateEncryptor" or "CreateDecryptor" && (configuredMode ??= ConfiguredMode(cipher, root)) is { Length: > 0 } mode &&
                     UnauthenticatedModes.Contains(mode))
            {
                yield return (invocation, mode);
            }
        }
    }

    /// <summary>
    /// The <c>Mode</c> the cipher encrypts with: the one constant assigned in the body, or CBC (the default) for
    /// a local created here and never given a mode; "" when it cannot be known.
    /// </summary>
    private static string ConfiguredMode(ISymbol cipher, IOperation root)
    {
        var modes = root.Descendants().OfType<ISimpleAssignmentOperation>()
            .Where(a => a.Target is IPropertyReferenceOperation { Property.Name: "Mode" } p && SymbolEqualityComparer.Default.Equals(ReferencedSymbol.Of(p.Instance), cipher))
            .Select(a => a.Value.Unwrap())
            .ToList();

        return modes.Count switch
        {
            0 when cipher is ILocalSymbol local && OperationFlow.SingleValue(local, root)?.Unwrap() is IInvocationOperation or IObjectCreationOperation &&
                   !OperationFlow.References(local, root).Any(r => r.Parent is IArgumentOperation or IConversionOperation { Parent: IArgumentOperation }) => "CBC",
            1 when modes[0] is IFieldReferenceOperation { Field.ContainingType.Name: "CipherMode" } field => field.Field.Name,
            _ => string.Empty,
        };
    }

    private static bool IsCipher(IOperation instance, ISymbol symbol, INamedTypeSymbol[] ciphers)
    {
        var type = instance.Type;
        if (symbol is ILocalSymbol local && OperationFlow.SingleValue(local, instance.Root()) is { } value)
        {
            type = value.Unwrap().Type;
        }

        for (; type is not null; type = type.BaseType)
        {
            if (ciphers.Contains(type, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }
}
