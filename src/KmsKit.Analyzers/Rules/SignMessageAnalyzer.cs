using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS005: <c>Sign</c>/<c>Verify</c> with a RAW message over 4096 bytes or from an unbounded source, or with a
/// DIGEST message whose hash length does not match the signing algorithm's hash.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SignMessageAnalyzer : KmsAnalyzer
{
    private const int RawMessageLimit = 4096;

    public SignMessageAnalyzer()
        : base(DiagnosticDescriptors.SignMessageMisuse)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var messageType = symbols.ServiceType("MessageType");
        var signingAlgorithm = symbols.ServiceType("SigningAlgorithmSpec");
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("Sign", "Verify"),
            (nodeContext, invocation, operation) =>
            {
                if (invocation.Arguments.Length == 0 ||
                    RequestShape.Of(invocation.Arguments[0].Value) is not { } request ||
                    request.Value("Message") is not { } message)
                {
                    return;
                }

                // MessageType defaults to RAW when the request does not set it.
                var type = request.Sets("MessageType") ? ConstantClassValue.Of(request.Value("MessageType"), messageType) : "RAW";
                var diagnostic = type switch
                {
                    "RAW" => CheckRaw(operation, message),
                    "DIGEST" => CheckDigest(operation, message, ConstantClassValue.Of(request.Value("SigningAlgorithm"), signingAlgorithm)),
                    _ => null,
                };
                if (diagnostic is not null)
                {
                    nodeContext.ReportDiagnostic(diagnostic);
                }
            });
    }

    private static Diagnostic? CheckRaw(string operation, IOperation message)
    {
        var size = PayloadSizes.Of(message);
        return size.Kind switch
        {
            PayloadSizeKind.Known when size.Bytes > RawMessageLimit => Diagnostic.Create(
                DiagnosticDescriptors.SignMessageMisuse,
                message.Syntax.GetLocation(),
                $"{operation} with MessageType RAW takes at most {RawMessageLimit} bytes and this message is {size.Bytes}; sign a digest (MessageType.DIGEST)"),
            PayloadSizeKind.Unbounded => Diagnostic.Create(
                DiagnosticDescriptors.SignMessageMisuse,
                message.Syntax.GetLocation(),
                DiagnosticSeverity.Warning,
                additionalLocations: null,
                properties: null,
                $"{operation} with MessageType RAW takes at most {RawMessageLimit} bytes and this message comes from {size.Source}, whose size is unbounded; sign a digest (MessageType.DIGEST)"),
            _ => null,
        };
    }

    private static Diagnostic? CheckDigest(string operation, IOperation message, string? algorithm)
    {
        var expected = algorithm switch
        {
            null => (int?)null,
            _ when algorithm.EndsWith("_SHA_256", System.StringComparison.Ordinal) => 32,
            _ when algorithm.EndsWith("_SHA_384", System.StringComparison.Ordinal) => 48,
            _ when algorithm.EndsWith("_SHA_512", System.StringComparison.Ordinal) => 64,
            _ => null,
        };
        if (expected is null || DigestOf(message) is not { } digest || digest.Length == expected)
        {
            return null;
        }

        return Diagnostic.Create(
            DiagnosticDescriptors.SignMessageMisuse,
            message.Syntax.GetLocation(),
            $"{operation} with MessageType DIGEST and {algorithm} needs a {expected}-byte digest, but {digest.Name} gives {digest.Length} bytes");
    }

    /// <summary>The hash call a DIGEST message wraps (<c>new MemoryStream(SHA384.HashData(data))</c>), if any.</summary>
    private static (int Length, string Name)? DigestOf(IOperation message)
    {
        var value = message.Resolve();
        if (value is IObjectCreationOperation { Arguments.Length: > 0 } creation)
        {
            value = creation.Arguments[0].Value.Resolve();
        }

        return value is IInvocationOperation invocation ? PayloadSizes.Hash(invocation) : null;
    }
}
