using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// What a request object built in the same method sets: the members of its object initializer and the
/// later <c>request.Member = value</c> assignments to the local that holds it.
/// </summary>
internal sealed class RequestShape
{
    private readonly Dictionary<string, List<IOperation>> _values;

    private RequestShape(IObjectCreationOperation creation, Dictionary<string, List<IOperation>> values, bool isComplete)
    {
        Creation = creation;
        _values = values;
        IsComplete = isComplete;
    }

    /// <summary>The <c>new XxxRequest { ... }</c> expression.</summary>
    public IObjectCreationOperation Creation { get; }

    /// <summary>
    /// True when everything the request sets is visible here: it never leaves the method before the call
    /// (not passed to another method, stored or captured), so an unset member really is unset.
    /// </summary>
    public bool IsComplete { get; }

    /// <summary>Where to report about the request as a whole: its type name in the <c>new</c> expression.</summary>
    public Location TypeLocation => Creation.Syntax switch
    {
        ObjectCreationExpressionSyntax explicitNew => explicitNew.Type.GetLocation(),
        ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.NewKeyword.GetLocation(),
        var other => other.GetLocation(),
    };

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
        var unwrappedArgument = argument.Unwrap();
        var unwrapped = unwrappedArgument;
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

        var isComplete = true;
        if (local is not null)
        {
            foreach (var reference in OperationFlow.References(local, argument.Root()))
            {
                if (reference.Parent is IPropertyReferenceOperation property)
                {
                    if (property.Parent is IAssignmentOperation assignment && assignment.Target == property)
                    {
                        Add(values, property.Property.Name, assignment.Value);
                    }
                }
                else if (reference != unwrappedArgument && !(reference.Parent is IVariableDeclaratorOperation))
                {
                    isComplete = false;
                }
            }
        }

        return new RequestShape(creation, values, isComplete);
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
