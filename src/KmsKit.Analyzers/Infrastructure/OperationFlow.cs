using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The small amount of intra-method data flow the rules need: what a local holds, where a value came from.
/// Deliberately conservative: when a local is assigned more than once, nothing is concluded.
/// </summary>
internal static class OperationFlow
{
    /// <summary>
    /// Strips conversions, parentheses, awaits and <c>ConfigureAwait</c>, and the blocking waits that stand for an
    /// await (<c>task.Result</c>, <c>task.GetAwaiter().GetResult()</c>).
    /// </summary>
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
                case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } when IsTask(task.Type):
                    operation = task;
                    break;
                case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable } }:
                    operation = awaitable;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The outermost expression that still stands for <paramref name="operation"/>'s value (the inverse of <see cref="Unwrap"/>).</summary>
    public static IOperation ResultOf(this IOperation operation)
    {
        var result = operation;
        for (var ancestor = operation.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.Unwrap() == operation)
            {
                result = ancestor;
            }
            else if (ancestor is not IInvocationOperation { TargetMethod.Name: "GetAwaiter" })
            {
                break;
            }
        }

        return result;
    }

    private static bool IsTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named && named.ContainingNamespace.HasFullName("System.Threading.Tasks");

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

    /// <summary>
    /// The string that <paramref name="operation"/> always stands for: a literal, a constant, a raw string, a
    /// concatenation or an interpolation of constants (integers included), followed through single-assignment
    /// locals. Null when any part is known only at run time.
    /// </summary>
    public static string? ConstantString(this IOperation operation)
    {
        var value = operation.Unwrap();
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        value = value.Resolve();
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: string resolved } }:
                return resolved;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return concatenation.LeftOperand.ConstantString() is { } left && concatenation.RightOperand.ConstantString() is { } right
                    ? left + right
                    : null;
            case IInterpolatedStringOperation interpolated:
                var text = new StringBuilder();
                foreach (var part in interpolated.Parts)
                {
                    var piece = part switch
                    {
                        IInterpolatedStringTextOperation literal => literal.Text.ConstantString(),
                        IInterpolationOperation { Alignment: null, FormatString: null } hole =>
                            hole.Expression.ConstantString() ?? hole.Expression.ConstantInteger()?.ToString(CultureInfo.InvariantCulture),
                        _ => null,
                    };
                    if (piece is null)
                    {
                        return null;
                    }

                    text.Append(piece);
                }

                return text.ToString();
            default:
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="operation"/> is the static field <paramref name="field"/> of <paramref name="type"/>
    /// (an SDK <c>ConstantClass</c> value such as <c>EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT</c>), or the string
    /// <paramref name="wireValue"/> that converts implicitly to it.
    /// </summary>
    public static bool IsStaticField(this IOperation operation, INamedTypeSymbol? type, string field, string wireValue)
    {
        var value = operation.Resolve();
        return value switch
        {
            IFieldReferenceOperation reference => reference.Field.Name == field && reference.Field.ContainingType.Is(type),
            _ => value.ConstantValue is { HasValue: true, Value: string text } && text == wireValue,
        };
    }

    /// <summary>The constant boolean value of an operation, if it has one.</summary>
    public static bool? ConstantBoolean(this IOperation operation) =>
        operation.Unwrap().ConstantValue is { HasValue: true, Value: bool value } ? value : null;

    /// <summary>
    /// The loop whose every iteration runs <paramref name="operation"/>, or null. A <c>foreach</c> collection and a
    /// <c>for</c> initializer run once; a lambda or local function body is not followed outwards.
    /// </summary>
    public static ILoopOperation? EnclosingLoop(this IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IForEachLoopOperation forEach when child == forEach.Collection:
                case IForLoopOperation forLoop when forLoop.Before.Contains(child):
                    continue;
                case ILoopOperation loop:
                    return loop;
            }
        }

        return null;
    }

    /// <summary>
    /// True when both operations are known to stand for the same value: one local, parameter, field or property
    /// (of <c>this</c> or a static one), or equal constants. False when either is unknown.
    /// </summary>
    public static bool IsSameValue(this IOperation first, IOperation second)
    {
        var a = first.Resolve();
        var b = second.Resolve();
        if (a.ConstantValue.HasValue || b.ConstantValue.HasValue)
        {
            return a.ConstantValue.HasValue && b.ConstantValue.HasValue && Equals(a.ConstantValue.Value, b.ConstantValue.Value);
        }

        return ReferencedSymbol(a) is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, ReferencedSymbol(b));
    }

    /// <summary>
    /// The symbol a simple reference stands for (a local, a parameter, a field or property of <c>this</c> or a
    /// static one), or null for anything else.
    /// </summary>
    public static ISymbol? ReferencedSymbol(this IOperation operation) => operation.Unwrap() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IMemberReferenceOperation { Instance: null or IInstanceReferenceOperation } member => member.Member,
        _ => null,
    };
}
