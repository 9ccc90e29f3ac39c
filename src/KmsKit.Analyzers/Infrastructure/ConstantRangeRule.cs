using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Flags a constant assigned to a request member outside its valid range, wherever the assignment is
/// (object initializer or later statement): the limit rules KMS002, KMS003, KMS004 and KMS006 share it.
/// </summary>
internal static class ConstantRangeRule
{
    /// <param name="messageFormat">When given (with {0} for the value), the message argument; else the value itself.</param>
    /// <param name="sizeOverload">
    /// A KMS operation whose SDK overload takes the member's value as its first argument instead of a request
    /// (<c>GenerateRandomAsync(int? numberOfBytes)</c>): a constant given there is checked too.
    /// </param>
    public static void Register(
        RuleRegistration context,
        KmsSymbols symbols,
        DiagnosticDescriptor descriptor,
        string[] requestTypes,
        string member,
        long minimum,
        long maximum,
        string? messageFormat = null,
        string? sizeOverload = null)
    {
        var range = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.Minimum, minimum.ToString(CultureInfo.InvariantCulture))
            .Add(DiagnosticProperties.Maximum, maximum.ToString(CultureInfo.InvariantCulture));
        var types = new INamedTypeSymbol?[requestTypes.Length];
        for (var i = 0; i < requestTypes.Length; i++)
        {
            types[i] = symbols.ModelType(requestTypes[i]);
        }

        KmsSyntaxGate.RegisterMemberAssignment(
            context,
            ImmutableArray.Create(member),
            (nodeContext, assignment, property) =>
            {
                if (!IsOneOf(property.ContainingType, types) ||
                    assignment.Value.ConstantInteger() is not { } value ||
                    (value >= minimum && value <= maximum))
                {
                    return;
                }

                object argument = messageFormat is null ? value : string.Format(CultureInfo.InvariantCulture, messageFormat, value);
                nodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, assignment.Value.Syntax.GetLocation(), range, argument));
            });

        if (sizeOverload is null)
        {
            return;
        }

        KmsSyntaxGate.RegisterInvocation(
            context,
            symbols,
            ImmutableArray.Create(sizeOverload),
            (nodeContext, invocation, _) =>
            {
                if (invocation.Arguments.Length == 0 ||
                    invocation.Arguments[0].Parameter?.Type.IsReferenceType != false ||
                    invocation.Arguments[0].Value.ConstantInteger() is not { } value ||
                    (value >= minimum && value <= maximum))
                {
                    return;
                }

                object argument = messageFormat is null ? value : string.Format(CultureInfo.InvariantCulture, messageFormat, value);
                nodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, invocation.Arguments[0].Value.Syntax.GetLocation(), range, argument));
            });
    }

    private static bool IsOneOf(INamedTypeSymbol type, INamedTypeSymbol?[] types)
    {
        foreach (var candidate in types)
        {
            if (type.Is(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
