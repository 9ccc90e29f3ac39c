using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The response members that hold plaintext key material, resolved once per compilation, and the
/// registration that hands a rule the <see cref="PlaintextKeyFlow"/> of each method body that reads one.
/// </summary>
internal sealed class PlaintextKeySources
{
    private const string CryptographyNamespace = "System.Security.Cryptography";

    private readonly KmsSymbols _symbols;
    private readonly IPropertySymbol? _dataKey;
    private readonly IPropertySymbol? _dataKeyPair;
    private readonly IPropertySymbol? _decrypt;

    private PlaintextKeySources(KmsSymbols symbols)
    {
        _symbols = symbols;
        Helpers = KeyParameterSummaries.Of(symbols.Compilation);
        _dataKey = Property(symbols, "GenerateDataKeyResponse", "Plaintext");
        _dataKeyPair = Property(symbols, "GenerateDataKeyPairResponse", "PrivateKeyPlaintext");
        _decrypt = Property(symbols, "DecryptResponse", "Plaintext");
    }

    /// <summary>What the methods of the compilation do with a key passed to them.</summary>
    public KeyParameterSummaries Helpers { get; }

    /// <summary>The sources of a compilation, for a code fix that reads the same flow as the rules.</summary>
    public static PlaintextKeySources For(KmsSymbols symbols) => new(symbols);

    /// <summary>
    /// Calls <paramref name="analyze"/> with the flow of every method body (or initializer) that reads a
    /// plaintext key member; bodies that do not are never walked.
    /// </summary>
    public static void Register(RuleRegistration context, KmsSymbols symbols, Action<GateContext, PlaintextKeyFlow> analyze)
    {
        var sources = new PlaintextKeySources(symbols);
        if (sources._dataKey is null && sources._dataKeyPair is null && sources._decrypt is null)
        {
            return;
        }

        // A syntax gate (docs/decisions.md): only `x.Plaintext` / `x.PrivateKeyPlaintext` reach the semantic model.
        context.RegisterSemanticModelAction(modelContext =>
        {
            var index = SyntaxIndex.Of(modelContext.SemanticModel, modelContext.CancellationToken);
            HashSet<IOperation>? roots = null;
            foreach (var access in index.MemberAccesses("Plaintext").Concat(index.MemberAccesses("PrivateKeyPlaintext")))
            {
                if (modelContext.SemanticModel.GetOperation(access, modelContext.CancellationToken) is IPropertyReferenceOperation property &&
                    sources.OriginOf(property.Property) is not null)
                {
                    (roots ??= new HashSet<IOperation>()).Add(property.Root());
                }
            }

            foreach (var root in roots ?? Enumerable.Empty<IOperation>())
            {
                analyze(GateContext.For(modelContext, root.Syntax), PlaintextKeyFlow.Analyze(sources, root));
            }
        });
    }

    /// <summary>Which plaintext a property is, or null for any other property.</summary>
    public PlaintextOrigin? OriginOf(IPropertySymbol property)
    {
        var definition = property.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, _dataKey))
        {
            return PlaintextOrigin.DataKey;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, _dataKeyPair))
        {
            return PlaintextOrigin.DataKeyPair;
        }

        return SymbolEqualityComparer.Default.Equals(definition, _decrypt) ? PlaintextOrigin.Decrypt : null;
    }

    /// <summary>True for the KMS call that returns a plaintext: GenerateDataKey, GenerateDataKeyPair, Decrypt.</summary>
    public bool IsSourceCall(IInvocationOperation call) =>
        _symbols.IsOperation(call.TargetMethod, "GenerateDataKey") ||
        _symbols.IsOperation(call.TargetMethod, "GenerateDataKeyPair") ||
        _symbols.IsOperation(call.TargetMethod, "Decrypt");

    /// <summary><c>CryptographicOperations.ZeroMemory</c> or <c>Array.Clear</c>.</summary>
    public static bool IsClear(IMethodSymbol method) =>
        method.ContainingType is { } type &&
        ((method.Name == "ZeroMemory" && type.Name == "CryptographicOperations" && IsCryptography(type)) ||
         (method.Name == "Clear" && type.Name == "Array" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }));

    /// <summary>
    /// True for an argument a cryptographic API takes as its key: <c>new AesGcm(key)</c>, <c>aes.CreateEncryptor(rgbKey, iv)</c>,
    /// <c>HMACSHA256.HashData(key, ...)</c>, <c>HKDF.DeriveKey(_, ikm, ...)</c>, <c>rsa.ImportPkcs8PrivateKey(...)</c>.
    /// </summary>
    public static bool IsKeyArgument(IArgumentOperation argument) =>
        argument.Parameter is { ContainingSymbol: IMethodSymbol method } parameter && IsCryptography(method.ContainingType) &&
        (parameter.Name is "key" or "rgbKey" or "ikm" or "prk" || method.Name.StartsWith("Import", StringComparison.Ordinal));

    /// <summary>True for the <c>Key</c> property of a cryptographic type (<c>aes.Key = key</c>).</summary>
    public static bool IsKeyMember(ISymbol member) =>
        member.Name == "Key" && IsCryptography(member.ContainingType);

    /// <summary>True for a type of <c>System.Security.Cryptography</c>.</summary>
    public static bool IsCryptography(ITypeSymbol? type) =>
        type?.ContainingNamespace.HasFullName(CryptographyNamespace) == true;

    private static IPropertySymbol? Property(KmsSymbols symbols, string type, string name) =>
        symbols.ModelType(type)?.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault();
}
