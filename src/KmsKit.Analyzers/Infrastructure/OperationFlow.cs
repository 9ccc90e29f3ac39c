using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The small amount of intra-method data flow the rules need: what a local holds, where a value came from.
/// Deliberately conservative: when a local is assigned more than once, nothing is concluded.
/// </summary>
internal static class OperationFlow
{
    /// <summary>Strips conversions, parentheses, awaits and <c>ConfigureAwait</c>.</summary>
    public static IOperation Unwrap(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                    operation = awaitable;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The outermost operation of the body that contains <paramref name="operation"/>.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// The value that <paramref name="operation"/> stands for: a local assigned exactly once in its body is
    /// followed to that value (repeatedly); anything else is returned unwrapped.
    /// </summary>
    public static IOperation Resolve(this IOperation operation)
    {
        var current = operation.Unwrap();
        for (var depth = 0; depth < 8 && current is ILocalReferenceOperation local; depth++)
        {
            var value = SingleValue(local.Local, current.Root());
            if (value is null)
            {
                break;
            }

            current = value.Unwrap();
        }

        return current;
    }

    /// <summary>The value of a local that is given one value in its body (declaration or one assignment), or null.</summary>
    public static IOperation? SingleValue(ILocalSymbol local, IOperation root)
    {
        var values = AssignedValues(local, root);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>Every value assigned to <paramref name="local"/> in <paramref name="root"/>, its initializer included.</summary>
    public static IReadOnlyList<IOperation> AssignedValues(ILocalSymbol local, IOperation root) =>
        LocalIndex.Of(root).AssignedValues(local);

    /// <summary>Every read or write of <paramref name="local"/> in <paramref name="root"/>.</summary>
    public static IReadOnlyList<ILocalReferenceOperation> References(ILocalSymbol local, IOperation root) =>
        LocalIndex.Of(root).References(local);

    /// <summary>True when <paramref name="type"/> is <paramref name="expected"/> (both non-null).</summary>
    public static bool Is(this ITypeSymbol? type, ITypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>The constant integer value of an operation, if it has one.</summary>
    public static long? ConstantInteger(this IOperation operation)
    {
        var constant = operation.Unwrap().ConstantValue;
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        return constant.Value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            uint u => u,
            ushort us => us,
            sbyte sb => sb,
            ulong ul when ul <= long.MaxValue => (long)ul,
            _ => null,
        };
    }
}
