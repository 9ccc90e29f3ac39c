using System.Collections.Immutable;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS306: after <c>CreateGrant</c>, a call by the grantee (another client) on the same key whose request,
/// built in the method, passes no <c>GrantTokens</c>. A <c>Decrypt</c> that names no key (a symmetric ciphertext
/// names its own) is taken to use the key of the nearest grant before it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GrantTokenNotUsedAnalyzer : KmsAnalyzer
{
    public GrantTokenNotUsedAnalyzer()
        : base(DiagnosticDescriptors.GrantTokenNotUsed)
    {
    }

    // Gated on CreateGrant, which every finding needs: the calls after it are then looked at in its method only.
    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create("CreateGrant"),
            (nodeContext, grant, _) =>
            {
                var root = grant.Root();
                if (!IsFirstGrantIn(root, grant, symbols))
                {
                    return;
                }

                foreach (var operation in root.Descendants())
                {
                    if (operation is IInvocationOperation call && symbols.OperationName(call.TargetMethod) is { } name && name != "CreateGrant")
                    {
                        Analyze(nodeContext, call, symbols);
                    }
                }
            });

    /// <summary>True for the first CreateGrant of the body, so that each body is looked at once.</summary>
    private static bool IsFirstGrantIn(IOperation root, IInvocationOperation grant, KmsSymbols symbols)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation call && symbols.IsOperation(call.TargetMethod, "CreateGrant"))
            {
                return call == grant;
            }
        }

        return false;
    }

    private static void Analyze(GateContext context, IInvocationOperation invocation, KmsSymbols symbols)
    {
        if (invocation.Instance is not { } client ||
            symbols.RequestArgument(invocation) is not { } argument ||
            RequestShape.Of(argument) is not { } request ||
            request.Creation.Type?.GetMembers("GrantTokens").Length is null or 0 ||
            request.Mentions("GrantTokens") ||
            request.IsPassedElsewhereThan(argument) ||
            (request.Value("KeyId") is null && (request.Mentions("KeyId") || !symbols.IsOperation(invocation.TargetMethod, "Decrypt"))) ||
            GrantBefore(invocation, client, request.Value("KeyId"), symbols) is not { } grant)
        {
            return;
        }

        // The CreateGrant call is the second location: the fix passes the token of its response.
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.GrantTokenNotUsed, invocation.Syntax.GetLocation(), additionalLocations: new[] { grant.Syntax.GetLocation() }));
    }

    /// <summary>
    /// The earlier <c>CreateGrant</c> of this method, made through another client (the grantor's), on the same key
    /// (the nearest one when <paramref name="keyId"/> is null), if any. A call through the grantor's own client relies
    /// on its own permissions, not on the grant.
    /// </summary>
    private static IInvocationOperation? GrantBefore(IInvocationOperation call, IOperation client, IOperation? keyId, KmsSymbols symbols)
    {
        if (client.ReferencedSymbol() is not { } caller)
        {
            return null;
        }

        var position = call.Syntax.SpanStart;
        IInvocationOperation? nearest = null;
        foreach (var operation in call.Root().Descendants())
        {
            if (operation is IInvocationOperation { Instance: { } grantor } grant &&
                grant.Syntax.SpanStart < position &&
                symbols.IsOperation(grant.TargetMethod, "CreateGrant") &&
                grantor.ReferencedSymbol() is { } grantorSymbol &&
                !SymbolEqualityComparer.Default.Equals(grantorSymbol, caller) &&
                symbols.RequestArgument(grant) is { } grantArgument &&
                RequestShape.Of(grantArgument)?.Value("KeyId") is { } grantedKey)
            {
                if (keyId is null)
                {
                    nearest = grant;
                }
                else if (grantedKey.IsSameValue(keyId))
                {
                    return grant;
                }
            }
        }

        return nearest;
    }
}
