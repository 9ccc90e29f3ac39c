using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The locals of one body: what each is assigned and where each is used, built in one walk and cached per body,
/// so that the rules' flow questions do not walk the body again for every KMS call they look at.
/// </summary>
internal sealed class LocalIndex
{
    private static readonly ConditionalWeakTable<IOperation, LocalIndex> Cache = new();

    private readonly Dictionary<ILocalSymbol, List<IOperation>> _assignedValues = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references = new(SymbolEqualityComparer.Default);

    private LocalIndex(IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    Add(_assignedValues, declarator.Symbol, initializer.Value);
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(_assignedValues, target.Local, assignment.Value);
                    break;
            }

            if (operation is ILocalReferenceOperation reference)
            {
                Add(_references, reference.Local, reference);
            }
        }
    }

    public static LocalIndex Of(IOperation root) => Cache.GetValue(root, r => new LocalIndex(r));

    public IReadOnlyList<IOperation> AssignedValues(ILocalSymbol local) =>
        _assignedValues.TryGetValue(local, out var values) ? values : Array.Empty<IOperation>();

    public IReadOnlyList<ILocalReferenceOperation> References(ILocalSymbol local) =>
        _references.TryGetValue(local, out var references) ? references : Array.Empty<ILocalReferenceOperation>();

    private static void Add<T>(Dictionary<ILocalSymbol, List<T>> map, ILocalSymbol local, T item)
    {
        if (!map.TryGetValue(local, out var list))
        {
            map[local] = list = new List<T>(2);
        }

        list.Add(item);
    }
}
