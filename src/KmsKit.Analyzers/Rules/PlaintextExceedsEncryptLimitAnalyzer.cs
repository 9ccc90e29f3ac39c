using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS001: <c>Encrypt</c> with a plaintext over its limit (4096 bytes for SYMMETRIC_DEFAULT; for RSA OAEP the
/// limit of the largest key, RSA_4096: 470 bytes with SHA-1, 446 with SHA-256), or read from an unbounded source.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlaintextExceedsEncryptLimitAnalyzer : KmsAnalyzer
{
    private const int SymmetricLimit = 4096;
    private const int RsaOaepSha1Limit = 470;
    private const int RsaOaepSha256Limit = 446;

    public PlaintextExceedsEncryptLimitAnalyzer()
        : base(DiagnosticDescriptors.PlaintextExceedsEncryptLimit)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var algorithmSpec = symbols.ServiceType("EncryptionAlgorithmSpec");
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Encrypt"),
            (nodeContext, invocation, _) =>
            {
                if (invocation.Arguments.Length == 0 ||
                    RequestShape.Of(invocation.Arguments[0].Value) is not { } request ||
                    request.Value("Plaintext") is not { } plaintext)
                {
                    return;
                }

                var limit = ConstantClassValue.Of(request.Value("EncryptionAlgorithm"), algorithmSpec) switch
                {
                    "RSAES_OAEP_SHA_1" => RsaOaepSha1Limit,
                    "RSAES_OAEP_SHA_256" => RsaOaepSha256Limit,
                    _ when request.Sets("EncryptionAlgorithm") && request.Value("EncryptionAlgorithm") is null => (int?)null,
                    _ => SymmetricLimit,
                };
                if (limit is null)
                {
                    return;
                }

                // The call is the second location: the envelope encryption fix rewrites it.
                var locations = new[] { invocation.Syntax.GetLocation() };
                var size = PayloadSizes.Of(plaintext);
                switch (size.Kind)
                {
                    case PayloadSizeKind.Known when size.Bytes > limit:
                        nodeContext.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.PlaintextExceedsEncryptLimit,
                            plaintext.Syntax.GetLocation(),
                            locations,
                            $"The plaintext is {size.Bytes} bytes",
                            limit));
                        break;
                    case PayloadSizeKind.Unbounded:
                        nodeContext.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.PlaintextExceedsEncryptLimit,
                            plaintext.Syntax.GetLocation(),
                            DiagnosticSeverity.Warning,
                            additionalLocations: locations,
                            properties: null,
                            $"The plaintext comes from {size.Source}, whose size is unbounded",
                            limit));
                        break;
                }
            });
    }
}
