using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>What a method of the compilation does with a key buffer it receives as one of its parameters.</summary>
internal sealed class KeyParameterSummary
{
    public static readonly KeyParameterSummary None = new(false, ImmutableArray<IOperation>.Empty);

    public KeyParameterSummary(bool clears, ImmutableArray<IOperation> keySites)
    {
        Clears = clears;
        KeySites = keySites;
    }

    /// <summary>True when the method zeroes the buffer (<c>CryptographicOperations.ZeroMemory(key)</c>, directly or through a helper).</summary>
    public bool Clears { get; }

    /// <summary>Where the buffer is given to a cryptographic API as its key, in this method or the helpers it calls.</summary>
    public ImmutableArray<IOperation> KeySites { get; }
}

/// <summary>
/// Per-parameter summaries of the methods, local functions and interface implementations whose source is in the
/// compilation, computed on first use and cached for the compilation, so that the cost of following a key into
/// a helper is paid once per helper, not once per call. Calls are followed <see cref="MaxDepth"/> deep; a method
/// without source (the flow leaves the compilation) has no summary, and the rules stay silent about it.
/// </summary>
internal sealed class KeyParameterSummaries
{
    private const int MaxDepth = 4;

    private static readonly ConditionalWeakTable<Compilation, KeyParameterSummaries> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IParameterSymbol, KeyParameterSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _sourceTypes;

    private KeyParameterSummaries(Compilation compilation)
    {
        _compilation = compilation;
        _sourceTypes = new Lazy<ImmutableArray<INamedTypeSymbol>>(() => SourceTypes(compilation.Assembly.GlobalNamespace).ToImmutableArray(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static KeyParameterSummaries Of(Compilation compilation) => Cache.GetValue(compilation, c => new KeyParameterSummaries(c));

    /// <summary>The summary of the parameter a key is passed to, or null when no body of it is in the compilation.</summary>
    public KeyParameterSummary? Of(IParameterSymbol parameter) => Summary(parameter, 0);

    private KeyParameterSummary? Summary(IParameterSymbol parameter, int depth)
    {
        if (depth > MaxDepth || parameter.ContainingSymbol is not IMethodSymbol method || parameter.RefKind is RefKind.Out)
        {
            return null;
        }

        if (_summaries.TryGetValue(parameter, out var known))
        {
            return known;
        }

        var summary = method.ContainingType?.TypeKind == TypeKind.Interface
            ? Combine(Implementations(method).Select(m => m.Parameters.Length > parameter.Ordinal ? Summary(m.Parameters[parameter.Ordinal], depth + 1) : null).ToList())
            : Summarize(method, parameter, depth);
        return summary is null ? null : _summaries.GetOrAdd(parameter, summary);
    }

    /// <summary>An interface method's summary: it zeroes or keys a cipher only when every implementation in the compilation does.</summary>
    private static KeyParameterSummary? Combine(List<KeyParameterSummary?> implementations)
    {
        if (implementations.Count == 0 || implementations.Any(s => s is null))
        {
            return null;
        }

        return new KeyParameterSummary(
            implementations.All(s => s!.Clears),
            implementations.All(s => s!.KeySites.Length > 0) ? implementations.SelectMany(s => s!.KeySites).ToImmutableArray() : ImmutableArray<IOperation>.Empty);
    }

    private KeyParameterSummary? Summarize(IMethodSymbol method, IParameterSymbol parameter, int depth)
    {
        var body = SourceBodies.Of(_compilation, method);
        if (body is null)
        {
            return null;
        }

        var clears = false;
        var keySites = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var reference in body.Descendants())
        {
            if (!IsParameter(reference, parameter, body))
            {
                continue;
            }

            var site = reference.OutermostView();
            switch (site.Parent)
            {
                case IInvocationOperation { TargetMethod.Name: "Clear" } clear when clear.Instance == site:
                    clears = true;
                    break;
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment when assignment.Value == site && PlaintextKeySources.IsKeyMember(member.Member):
                    keySites.Add(site);
                    break;
                case IArgumentOperation { Parameter: { } callee } argument when callee.ContainingSymbol is IMethodSymbol target:
                    if (PlaintextKeySources.IsClear(target))
                    {
                        clears = true;
                    }
                    else if (PlaintextKeySources.IsKeyArgument(argument))
                    {
                        keySites.Add(site);
                    }
                    else if (target.MethodKind != MethodKind.Constructor && Summary(callee, depth + 1) is { } inner)
                    {
                        clears |= inner.Clears;
                        keySites.AddRange(inner.KeySites);
                    }

                    break;
            }
        }

        return new KeyParameterSummary(clears, keySites.ToImmutable());
    }

    /// <summary>A read of the parameter, or of a local whose one value is the parameter (<c>var aesKey = key;</c>).</summary>
    private static bool IsParameter(IOperation operation, IParameterSymbol parameter, IOperation body) => operation switch
    {
        IParameterReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter),
        ILocalReferenceOperation local => OperationFlow.SingleValue(local.Local, body)?.Unwrap() is IParameterReferenceOperation value &&
            SymbolEqualityComparer.Default.Equals(value.Parameter, parameter),
        _ => false,
    };

    /// <summary>The implementations of an interface method by the types of the compilation.</summary>
    private IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method)
    {
        foreach (var type in _sourceTypes.Value)
        {
            if (type.AllInterfaces.Contains(method.ContainingType, SymbolEqualityComparer.Default) &&
                type.FindImplementationForInterfaceMember(method) is IMethodSymbol implementation &&
                implementation.ContainingType.TypeKind != TypeKind.Interface)
            {
                yield return implementation;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested)
            {
                if (nested is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type)
                {
                    yield return type;
                }

                foreach (var inner in SourceTypes(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
