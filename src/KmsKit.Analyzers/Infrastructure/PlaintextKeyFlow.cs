using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Every buffer that holds plaintext key material in one method body, and every place it is used: the
/// plaintext stream of a KMS response (<c>response.Plaintext</c>, reached directly, through a local, or as
/// <c>GetBuffer()</c>, which is the same memory), each <c>ToArray()</c> copy of it, and each local a part of it is
/// copied into (<c>Buffer.BlockCopy</c>, <c>Array.Copy</c>, <c>CopyTo</c>, <c>Stream.Read</c>: a 64-byte key split into
/// an AES key and an HMAC key is three buffers to zero). KMS101, KMS102 and KMS104 read the same flow.
/// </summary>
internal sealed class PlaintextKeyFlow
{
    private static readonly ConditionalWeakTable<IOperation, PlaintextKeyFlow> Cache = new();

    private readonly PlaintextKeySources _sources;
    private readonly IOperation _root;
    private readonly Dictionary<ISymbol, PlaintextBuffer> _streamsByReceiver = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, PlaintextBuffer> _buffersByOrigin = new();
    private readonly Dictionary<ILocalSymbol, PlaintextBuffer?> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _definitions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _copiedFrom = new(SymbolEqualityComparer.Default);
    private readonly List<PlaintextBuffer> _buffers = new();

    private PlaintextKeyFlow(PlaintextKeySources sources, IOperation root)
    {
        _sources = sources;
        _root = root;
    }

    /// <summary>What the methods of the compilation do with a key passed to them.</summary>
    public KeyParameterSummaries Helpers => _sources.Helpers;

    /// <summary>Every plaintext buffer of the body, in order of first appearance.</summary>
    public IReadOnlyList<PlaintextBuffer> Buffers => _buffers;

    /// <summary>The flow of the body <paramref name="root"/> (one pass over its operations).</summary>
    /// <summary>
    /// The flow of one body, computed once and shared by the rules that read it (KMS101, KMS102, KMS104): the
    /// sources are the same for every rule of a compilation, and a body's operation tree belongs to one compilation.
    /// </summary>
    public static PlaintextKeyFlow Analyze(PlaintextKeySources sources, IOperation root) =>
        Cache.GetValue(root, r =>
        {
            var flow = new PlaintextKeyFlow(sources, r);
            flow.Run();
            return flow;
        });

    private void Run()
    {
        var candidates = new List<IOperation>();
        foreach (var operation in _root.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference:
                    Add(_references, reference.Local, reference);
                    candidates.Add(reference);
                    if ((reference.Parent is IDeclarationExpressionOperation declaration ? declaration.Parent : reference.Parent) is
                            IArgumentOperation { Parameter.RefKind: RefKind.Out, Parent: IInvocationOperation { TargetMethod.Name: "TryGetBuffer" } tryGetBuffer } &&
                        tryGetBuffer.Instance is { } stream)
                    {
                        // stream.TryGetBuffer(out segment): the segment is the stream's own memory.
                        Add(_definitions, reference.Local, stream);
                    }
                    else if (reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref })
                    {
                        // Written by the callee: one more value, so the local no longer stands for one buffer.
                        Add(_definitions, reference.Local, reference);
                    }

                    break;
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    Add(_definitions, declarator.Symbol, initializer.Value);
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(_definitions, target.Local, assignment.Value);
                    break;
                case IPropertyReferenceOperation property when _sources.OriginOf(property.Property) is not null:
                    candidates.Add(property);
                    break;
                case IInvocationOperation { TargetMethod.Name: "ToArray" } invocation:
                    candidates.Add(invocation);
                    break;
                case IInvocationOperation invocation when CopyOperands(invocation) is ({ } from, { } to) && to.ViewedBuffer() is ILocalReferenceOperation destination:
                    Add(_copiedFrom, destination.Local, from);
                    break;
            }
        }

        foreach (var candidate in candidates)
        {
            var buffer = BufferOf(candidate);
            if (buffer is null || (candidate is ILocalReferenceOperation && IsDefinitionTarget(candidate)))
            {
                continue;
            }

            buffer.Uses.Add(Classify(buffer, candidate));
        }

        foreach (var buffer in _buffers)
        {
            buffer.Family.IsKey |= buffer.Uses.Any(u => u.Kind == PlaintextUseKind.KeyInput);
        }
    }

    /// <summary>The buffer an expression stands for, or null.</summary>
    private PlaintextBuffer? BufferOf(IOperation operation)
    {
        var value = operation.Unwrap();
        switch (value)
        {
            case IPropertyReferenceOperation property when _sources.OriginOf(property.Property) is { } origin:
                return StreamOf(property, origin);
            case ILocalReferenceOperation local:
                return BufferOf(local.Local);
            case IInvocationOperation { TargetMethod.Name: "ToArray" } invocation when invocation.Receiver() is { } receiver && BufferOf(receiver) is { } source:
                if (!_buffersByOrigin.TryGetValue(invocation, out var copy))
                {
                    copy = Create(invocation, source.Origin, source.Family, ownedHere: true, isCopy: true, source.DisplayName + ".ToArray()");
                    _buffersByOrigin[invocation] = copy;
                }

                return copy;
            case { } view when MemoryViews.ReceiverOfView(view) is { } viewed:
                return BufferOf(viewed);
            default:
                return null;
        }
    }

    private PlaintextBuffer? BufferOf(ILocalSymbol local)
    {
        if (_locals.TryGetValue(local, out var known))
        {
            return known;
        }

        // Guards against a local defined in terms of itself while it is being resolved.
        _locals[local] = null;
        var buffer = SingleNonNullValue(local) is { } value ? BufferOf(value) ?? CopyInto(local, value) : null;
        _locals[local] = buffer;
        if (buffer is not null && buffer.AliasLocal is null)
        {
            buffer.AliasLocal = local;
        }

        return buffer;
    }

    /// <summary>
    /// The one value of the local other than null: <c>byte[]? key = null; try { key = ...; } finally { ... }</c>
    /// is the usual way to zero a key in <c>finally</c>.
    /// </summary>
    private IOperation? SingleNonNullValue(ILocalSymbol local)
    {
        if (!_definitions.TryGetValue(local, out var values))
        {
            return null;
        }

        IOperation? found = null;
        foreach (var value in values)
        {
            var unwrapped = value.Unwrap();
            if (unwrapped is IDefaultValueOperation || (unwrapped.ConstantValue.HasValue && unwrapped.ConstantValue.Value is null))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = value;
        }

        return found;
    }

    /// <summary>The copy held by a local that a plaintext buffer is copied into, or null when none is.</summary>
    private PlaintextBuffer? CopyInto(ILocalSymbol local, IOperation value)
    {
        if (!_copiedFrom.TryGetValue(local, out var sources) || sources.Select(BufferOf).FirstOrDefault(b => b is not null) is not { } source)
        {
            return null;
        }

        if (!_buffersByOrigin.TryGetValue(value, out var copy))
        {
            copy = Create(value, source.Origin, source.Family, ownedHere: true, isCopy: true, local.Name);
            _buffersByOrigin[value] = copy;
        }

        return copy;
    }

    /// <summary>
    /// The source and destination of a call that copies memory: <c>Buffer.BlockCopy</c>, <c>Array.Copy</c>,
    /// <c>source.CopyTo(destination)</c> (arrays, spans, memories, streams) and <c>stream.Read(buffer, ...)</c>.
    /// </summary>
    private static (IOperation? From, IOperation? To) CopyOperands(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "BlockCopy" or "Copy" when method.ContainingType is { Name: "Buffer" or "Array", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }:
                return (Argument(invocation, "src", "sourceArray"), Argument(invocation, "dst", "destinationArray"));
            case "CopyTo" or "TryCopyTo" or "CopyToAsync" or "Read" or "ReadAsync" or "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync":
                var first = method.IsExtensionMethod ? 1 : 0;
                return invocation.Arguments.Length > first ? (invocation.Receiver(), invocation.Arguments[first].Value) : (null, null);
            default:
                return (null, null);
        }
    }

    private static IOperation? Argument(IInvocationOperation invocation, string name, string alternative) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name || a.Parameter?.Name == alternative)?.Value;

    private PlaintextBuffer StreamOf(IPropertyReferenceOperation property, PlaintextOrigin origin)
    {
        var receiver = property.Instance?.Unwrap();
        var symbol = ReferencedSymbol.Of(receiver);

        if (symbol is not null && _streamsByReceiver.TryGetValue(symbol, out var stream))
        {
            return stream;
        }

        if (symbol is null && _buffersByOrigin.TryGetValue(property, out stream))
        {
            return stream;
        }

        var owned = receiver switch
        {
            IInvocationOperation call => _sources.IsSourceCall(call),
            ILocalReferenceOperation local => _definitions.TryGetValue(local.Local, out var values) && values.Count == 1 &&
                values[0].Resolve() is IInvocationOperation call && _sources.IsSourceCall(call) && !ResponseEscapes(local.Local),
            _ => false,
        };

        stream = Create(property, origin, new PlaintextFamily(), owned, isCopy: false, (symbol?.Name ?? property.Property.ContainingType.Name) + "." + property.Property.Name);
        if (symbol is not null)
        {
            _streamsByReceiver[symbol] = stream;
        }
        else
        {
            _buffersByOrigin[property] = stream;
        }

        return stream;
    }

    private PlaintextBuffer Create(IOperation source, PlaintextOrigin origin, PlaintextFamily family, bool ownedHere, bool isCopy, string name)
    {
        var buffer = new PlaintextBuffer(source, origin, family, ownedHere, isCopy, name);
        _buffers.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// True when the response local is used other than by reading its members (passed on, returned, stored);
    /// <c>response?.CiphertextBlob</c> reads a member too.
    /// </summary>
    private bool ResponseEscapes(ILocalSymbol response) =>
        _references.TryGetValue(response, out var references) &&
        references.Any(r => !IsDefinitionTarget(r) && r.Parent is not (IPropertyReferenceOperation or IConditionalAccessOperation));

    /// <summary>Classifies a use by what is done with the outermost view of the same memory.</summary>
    private PlaintextUse Classify(PlaintextBuffer buffer, IOperation reference)
    {
        var site = reference.OutermostView();
        var captured = IsCaptured(reference);
        var kind = site.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } =>
                BufferOf(declarator.Symbol) == buffer ? PlaintextUseKind.Alias : PlaintextUseKind.Escape,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == site =>
                BufferOf(target.Local) == buffer ? PlaintextUseKind.Alias : PlaintextUseKind.Escape,
            ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment when assignment.Value == site =>
                PlaintextKeySources.IsKeyMember(member.Member) ? PlaintextUseKind.KeyInput : PlaintextUseKind.Store,
            ISimpleAssignmentOperation { Target: IParameterReferenceOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } } assignment when assignment.Value == site =>
                PlaintextUseKind.Escape,
            IArgumentOperation argument => ClassifyArgument(argument),
            IInvocationOperation { TargetMethod.Name: "Clear" } clear when clear.Instance == site => PlaintextUseKind.Clear,
            IReturnOperation => PlaintextUseKind.Escape,
            IArrayInitializerOperation or ITupleOperation or IAnonymousObjectCreationOperation => PlaintextUseKind.Escape,
            _ => PlaintextUseKind.Read,
        };

        return new PlaintextUse(kind, site, captured);
    }

    private PlaintextUseKind ClassifyArgument(IArgumentOperation argument)
    {
        var parameter = argument.Parameter;
        var method = parameter?.ContainingSymbol as IMethodSymbol;
        if (method is null)
        {
            return PlaintextUseKind.Escape;
        }

        if (PlaintextKeySources.IsClear(method))
        {
            return PlaintextUseKind.Clear;
        }

        if (PlaintextKeySources.IsKeyArgument(argument))
        {
            return PlaintextUseKind.KeyInput;
        }

        // A constructor may keep the buffer (a wrapper that owns and later zeroes it): ownership is unknown.
        // A method borrows it, as .NET APIs do, unless it takes it by reference; a helper of the compilation that
        // zeroes it, or gives it to a cipher as its key, does so for the caller.
        if (method.MethodKind == MethodKind.Constructor && !PlaintextKeySources.IsCryptography(method.ContainingType) ||
            parameter!.RefKind is RefKind.Ref or RefKind.Out)
        {
            return PlaintextUseKind.Escape;
        }

        return _sources.Helpers.Of(parameter) switch
        {
            { Clears: true } => PlaintextUseKind.Clear,
            { KeySites.Length: > 0 } => PlaintextUseKind.KeyInput,
            _ => PlaintextUseKind.Read,
        };
    }

    private bool IsCaptured(IOperation reference)
    {
        for (var current = reference.Parent; current is not null && current != _root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDefinitionTarget(IOperation reference) =>
        reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

    private static void Add<T>(Dictionary<ILocalSymbol, List<T>> map, ILocalSymbol local, T value)
    {
        if (!map.TryGetValue(local, out var list))
        {
            map[local] = list = new List<T>(2);
        }

        list.Add(value);
    }
}
