using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>What the rules ask of a method call.</summary>
internal static class Invocations
{
    /// <summary>The object a method is called on: the instance, or the first argument of an extension method (<c>key.AsSpan()</c>).</summary>
    public static IOperation? Receiver(this IInvocationOperation invocation) =>
        invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
}
