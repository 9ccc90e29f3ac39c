using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS305: a collection of a KMS request (<c>EncryptionContext</c>, <c>GrantTokens</c>, <c>Tags</c>, ...) used
/// before it is assigned: AWS SDK v4 leaves it null, so <c>Add</c> or a collection initializer throws.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CollectionUsedBeforeCreatedAnalyzer : KmsAnalyzer
{
    public CollectionUsedBeforeCreatedAnalyzer()
        : base(DiagnosticDescriptors.CollectionUsedBeforeCreated)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols)
    {
        var model = symbols.ModelType("EncryptRequest")?.ContainingNamespace;
        var list = symbols.Type("System.Collections.Generic.List`1");
        var dictionary = symbols.Type("System.Collections.Generic.Dictionary`2");
        if (model is null)
        {
            return;
        }

        // The gate's names: every list or dictionary property of a request type, found once per compilation.
        var collections = model.GetTypeMembers()
            .Where(t => t.Name.EndsWith("Request", System.StringComparison.Ordinal))
            .SelectMany(t => t.GetMembers().OfType<IPropertySymbol>())
            .Where(p => IsRequestCollection(p, model, list, dictionary))
            .Select(p => p.Name)
            .Distinct()
            .ToImmutableArray();

        KmsSyntaxGate.RegisterMemberReference(
            context,
            collections,
            (nodeContext, property) =>
            {
                if (!IsRequestCollection(property.Property, model, list, dictionary) || UseOf(property) is not { } use)
                {
                    return;
                }

                var created = property.Instance switch
                {
                    // new EncryptRequest { EncryptionContext = { ["k"] = "v" } }: Add on the null dictionary.
                    IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } => false,
                    ILocalReferenceOperation local => IsCreatedBefore(property, local.Local),
                    _ => true,
                };
                if (!created)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.CollectionUsedBeforeCreated,
                        property.Syntax.GetLocation(),
                        property.Syntax.ToString(),
                        use));
                }
            });
    }

    private static bool IsRequestCollection(IPropertySymbol property, INamespaceSymbol model, INamedTypeSymbol? list, INamedTypeSymbol? dictionary) =>
        !property.IsIndexer &&
        property.ContainingType.Name.EndsWith("Request", System.StringComparison.Ordinal) &&
        SymbolEqualityComparer.Default.Equals(property.ContainingType.ContainingNamespace, model) &&
        (property.Type.Is(list) || property.Type.Is(dictionary));

    /// <summary>What dereferences the collection ("Add", "its indexer", ...), or null when nothing does.</summary>
    private static string? UseOf(IPropertyReferenceOperation collection) => collection.Parent switch
    {
        IInvocationOperation call when call.Instance == collection => call.TargetMethod.Name,
        IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == collection => "its indexer",
        IPropertyReferenceOperation member when member.Instance == collection => member.Property.Name,
        IMemberInitializerOperation { Initializer.Initializers.Length: > 0 } => "Add (the collection initializer)",
        _ => null,
    };

    /// <summary>
    /// False only when the local holds a request made with <c>new</c> in this method, and before the use nothing
    /// assigns the collection, passes the request elsewhere, or turns on <c>AWSConfigs.InitializeCollections</c>.
    /// </summary>
    private static bool IsCreatedBefore(IPropertyReferenceOperation use, ILocalSymbol local)
    {
        var root = use.Root();
        if (RequestShape.Of(use.Instance!) is not { } request || IsAssignedInInitializer(request.Creation, use.Property.Name))
        {
            return true;
        }

        var position = use.Syntax.SpanStart;
        foreach (var operation in root.Descendants())
        {
            if (operation.Syntax.SpanStart >= position)
            {
                continue;
            }

            switch (operation)
            {
                case IAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } target }
                    when target.Property.Name == use.Property.Name && SymbolEqualityComparer.Default.Equals(instance.Local, local):
                    return true;
                case IArgumentOperation { Value: ILocalReferenceOperation passed } when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return true;
                case IPropertyReferenceOperation { Property: { Name: "InitializeCollections", ContainingType.Name: "AWSConfigs" } }:
                    return true;
            }
        }

        return false;
    }

    private static bool IsAssignedInInitializer(IObjectCreationOperation creation, string member)
    {
        if (creation.Initializer is null)
        {
            return false;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is IAssignmentOperation { Target: IPropertyReferenceOperation property } && property.Property.Name == member)
            {
                return true;
            }
        }

        return false;
    }
}
