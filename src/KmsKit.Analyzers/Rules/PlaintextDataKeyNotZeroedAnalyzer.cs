using System.Collections.Generic;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS101: a plaintext data key (or a Decrypt result used as a key, or a copy of either) owned by the method
/// that is not zeroed on every path. A clear counts for every path only from a <c>finally</c> whose
/// <c>try</c> covers each use: a clear after the uses is skipped by an exception.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlaintextDataKeyNotZeroedAnalyzer : KmsAnalyzer
{
    public PlaintextDataKeyNotZeroedAnalyzer()
        : base(DiagnosticDescriptors.PlaintextDataKeyNotZeroed)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        PlaintextKeySources.Register(context, symbols, static (block, flow) =>
        {
            foreach (var buffer in flow.Buffers)
            {
                if (buffer.OwnedHere && buffer.IsKeyMaterial && StaysInMethod(buffer) && !IsZeroedOnEveryPath(buffer, flow))
                {
                    block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PlaintextDataKeyNotZeroed, buffer.Location, buffer.DisplayName));
                }
            }
        });

    /// <summary>A buffer handed on (returned, stored, captured) may be zeroed elsewhere: the rule cannot decide.</summary>
    internal static bool StaysInMethod(PlaintextBuffer buffer) =>
        buffer.Uses.All(u => !u.Captured && u.Kind is not (PlaintextUseKind.Escape or PlaintextUseKind.Store));

    /// <summary>True when a <c>finally</c> that zeroes the buffer covers each use (the KMS101 fix reads it too).</summary>
    internal static bool IsZeroedOnEveryPath(PlaintextBuffer buffer, PlaintextKeyFlow flow)
    {
        var clears = buffer.Uses.Where(u => u.Kind == PlaintextUseKind.Clear).Select(u => u.Site).ToList();
        return clears.Count > 0 && UsesToGuard(buffer, flow).All(u => IsGuardedByFinallyClear(u.Site, clears));
    }

    /// <summary>
    /// The uses an exception may interrupt. For a stream, taking a copy is not one, but every use of its copies
    /// is: the common pattern copies the key, then opens the <c>try</c> that zeroes both.
    /// </summary>
    private static IEnumerable<PlaintextUse> UsesToGuard(PlaintextBuffer buffer, PlaintextKeyFlow flow)
    {
        var uses = buffer.Uses.Where(u => u.Kind is PlaintextUseKind.Read or PlaintextUseKind.KeyInput);
        if (buffer.IsCopy)
        {
            return uses;
        }

        return uses
            .Where(u => u.Site.Parent is not IInvocationOperation { TargetMethod.Name: "ToArray" })
            .Concat(flow.Buffers
                .Where(b => b.IsCopy && b.Family == buffer.Family)
                .SelectMany(b => b.Uses.Where(u => u.Kind is PlaintextUseKind.Read or PlaintextUseKind.KeyInput)));
    }

    /// <summary>True when the use is inside a try statement (body, catch or finally) whose finally zeroes the buffer.</summary>
    private static bool IsGuardedByFinallyClear(IOperation use, List<IOperation> clears)
    {
        for (var parent = use.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ITryOperation { Finally: { } finallyBlock } &&
                clears.Any(c => finallyBlock.Syntax.Span.Contains(c.Syntax.Span)))
            {
                return true;
            }
        }

        return false;
    }
}
