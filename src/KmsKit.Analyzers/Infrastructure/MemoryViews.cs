using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Expressions that are views of the same memory as their receiver: <c>AsSpan()</c>, <c>AsMemory()</c>,
/// <c>Slice()</c>, <c>.Span</c>, <c>ArraySegment.Array</c>, and <c>MemoryStream.GetBuffer()</c> (the stream's own array).
/// </summary>
internal static class MemoryViews
{
    /// <summary>The buffer a view is taken of, through conversions and nested views (<c>key.AsSpan(0, 16)</c> gives <c>key</c>).</summary>
    public static IOperation ViewedBuffer(this IOperation operation)
    {
        var value = operation.Unwrap();
        while (ReceiverOfView(value) is { } receiver)
        {
            value = receiver.Unwrap();
        }

        return value;
    }

    /// <summary>The outermost view of the memory that <paramref name="reference"/> reads, through conversions.</summary>
    public static IOperation OutermostView(this IOperation reference)
    {
        var site = reference;
        while (true)
        {
            switch (site.Parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    site = site.Parent;
                    break;
                case IInvocationOperation view when ReceiverOfView(view) == site:
                    site = view;
                    break;
                case IArgumentOperation { Parent: IInvocationOperation view } when ReceiverOfView(view) == site:
                    site = view;
                    break;
                case IPropertyReferenceOperation span when span.Instance == site && ReceiverOfView(span) == site:
                    site = span;
                    break;
                default:
                    return site;
            }
        }
    }

    /// <summary>The receiver of a view (the array of an <c>AsSpan</c> extension call), or null when the operation is no view.</summary>
    public static IOperation? ReceiverOfView(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "GetBuffer" or "AsSpan" or "AsMemory" or "Slice" } invocation => invocation.Receiver(),
        IPropertyReferenceOperation { Property.Name: "Span" } span => span.Instance,
        IPropertyReferenceOperation { Property: { Name: "Array", ContainingType.Name: "ArraySegment" } } segment => segment.Instance,
        _ => null,
    };
}
