using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// What a request object built in the same method sets: the members of its object initializer and the
/// later <c>request.Member = value</c> assignments to the local that holds it.
/// </summary>
internal sealed class RequestShape
{
    private readonly Dictionary<string, List<IOperation>> _values;

    private RequestShape(IObjectCreationOperation creation, Dictionary<string, List<IOperation>> values)
    {
        Creation = creation;
        _values = values;
    }

    /// <summary>The <c>new XxxRequest { ... }</c> expression.</summary>
    public IObjectCreationOperation Creation { get; }

    /// <summary>True when the member is assigned anywhere (initializer or later).</summary>
    public bool Sets(string member) => _values.ContainsKey(member);

    /// <summary>The single value given to <paramref name="member"/>, or null when it is unset or set more than once.</summary>
    public IOperation? Value(string member) =>
        _values.TryGetValue(member, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>
    /// The shape of the request passed as <paramref name="argument"/>: a <c>new</c> expression, or a local
    /// initialized once with one. Null when the request comes from elsewhere (a parameter, a field, a factory).
    /// </summary>
    public static RequestShape? Of(IOperation argument)
    {
        var unwrapped = argument.Unwrap();
        ILocalSymbol? local = null;
        if (unwrapped is ILocalReferenceOperation localReference)
        {
            local = localReference.Local;
            unwrapped = OperationFlow.SingleValue(local, argument.Root())?.Unwrap();
        }

        if (unwrapped is not IObjectCreationOperation creation)
        {
            return null;
        }

        var values = new Dictionary<string, List<IOperation>>();
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                {
                    Add(values, property.Property.Name, assignment.Value);
                }
            }
        }

        if (local is not null)
        {
            foreach (var operation in argument.Root().Descendants())
            {
                if (operation is IAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } property } assignment &&
                    SymbolEqualityComparer.Default.Equals(instance.Local, local))
                {
                    Add(values, property.Property.Name, assignment.Value);
                }
            }
        }

        return new RequestShape(creation, values);
    }

    private static void Add(Dictionary<string, List<IOperation>> values, string member, IOperation value)
    {
        if (!values.TryGetValue(member, out var list))
        {
            values[member] = list = new List<IOperation>(1);
        }

        list.Add(value);
    }
}
