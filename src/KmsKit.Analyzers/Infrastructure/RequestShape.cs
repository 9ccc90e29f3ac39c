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
    private readonly HashSet<string> _mentioned;
    private readonly List<SyntaxNode> _passed;

    private RequestShape(IObjectCreationOperation creation, ILocalSymbol? local, Dictionary<string, List<IOperation>> values, HashSet<string> mentioned, List<SyntaxNode> passed)
    {
        Creation = creation;
        Local = local;
        _values = values;
        _mentioned = mentioned;
        _passed = passed;
    }

    /// <summary>The <c>new XxxRequest { ... }</c> expression.</summary>
    public IObjectCreationOperation Creation { get; }

    /// <summary>The local that holds the request, when it is kept in one.</summary>
    public ILocalSymbol? Local { get; }

    /// <summary>Where to report about the request as a whole: its type name in the <c>new</c> expression.</summary>
    public Location TypeLocation => Creation.Syntax switch
    {
        ObjectCreationExpressionSyntax explicitNew => explicitNew.Type.GetLocation(),
        ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.NewKeyword.GetLocation(),
        var other => other.GetLocation(),
    };

    /// <summary>True when the member is assigned anywhere (initializer or later).</summary>
    public bool Sets(string member) => _values.ContainsKey(member);

    /// <summary>True when the member is assigned or used in any way (<c>request.EncryptionContext.Add(...)</c>).</summary>
    public bool Mentions(string member) => _values.ContainsKey(member) || _mentioned.Contains(member);

    /// <summary>
    /// True when the local holding the request is passed, assigned or returned anywhere but <paramref name="use"/>:
    /// code this shape does not see may then set its members.
    /// </summary>
    public bool IsPassedElsewhereThan(IOperation use)
    {
        var syntax = use.Unwrap().Syntax;
        return _passed.Exists(p => p != syntax);
    }

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

        return unwrapped is IObjectCreationOperation creation ? Build(creation, local, argument.Root()) : null;
    }

    /// <summary>
    /// The shape of the request that <paramref name="creation"/> makes: its initializer, and the later
    /// assignments when it initializes a local that is given no other value.
    /// </summary>
    public static RequestShape Of(IObjectCreationOperation creation)
    {
        var root = creation.Root();
        ILocalSymbol? local = null;
        if (creation.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } &&
            OperationFlow.SingleValue(declarator.Symbol, root) is { } value &&
            value.Unwrap() == creation)
        {
            local = declarator.Symbol;
        }

        return Build(creation, local, root);
    }

    private static RequestShape Build(IObjectCreationOperation creation, ILocalSymbol? local, IOperation root)
    {
        var values = new Dictionary<string, List<IOperation>>();
        var mentioned = new HashSet<string>();
        var passed = new List<SyntaxNode>();
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                switch (initializer)
                {
                    case IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment:
                        Add(values, property.Property.Name, assignment.Value);
                        break;
                    case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation property }:
                        mentioned.Add(property.Property.Name);
                        break;
                }
            }
        }

        if (local is not null)
        {
            foreach (var reference in OperationFlow.References(local, root))
            {
                if (reference.Parent is not IPropertyReferenceOperation property)
                {
                    passed.Add(reference.Syntax);
                    continue;
                }

                if (property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property)
                {
                    Add(values, property.Property.Name, assignment.Value);
                }
                else
                {
                    mentioned.Add(property.Property.Name);
                }
            }
        }

        return new RequestShape(creation, local, values, mentioned, passed);
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
