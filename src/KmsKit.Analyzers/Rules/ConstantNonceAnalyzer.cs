using System;
using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS103: <c>AesGcm</c>/<c>AesCcm</c>/<c>ChaCha20Poly1305.Encrypt</c> with a nonce that is a constant, a
/// <c>static</c> field, or a new buffer that nothing writes to (all zeros). A buffer that is handed to any
/// method or written in any way is assumed filled: the rule cannot tell a counter from a mistake.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantNonceAnalyzer : KmsAnalyzer
{
    private static readonly string[] Ciphers = { "AesGcm", "AesCcm", "ChaCha20Poly1305" };

    public ConstantNonceAnalyzer()
        : base(DiagnosticDescriptors.ConstantOrReusedNonce)
    {
    }

    private protected override void RegisterActions(RuleRegistration context, KmsSymbols symbols) =>
        KmsSyntaxGate.RegisterNamedInvocation(
            context,
            ImmutableArray.Create("Encrypt"),
            (nodeContext, invocation) =>
            {
                var method = invocation.TargetMethod;
                if (!IsAeadCipher(method.ContainingType))
                {
                    return;
                }

                var nonce = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "nonce");
                if (nonce is not null && Problem(nonce.Value, invocation) is { } problem)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ConstantOrReusedNonce,
                        nonce.Value.Syntax.GetLocation(),
                        FieldDeclaration(nonce.Value),
                        method.ContainingType.Name,
                        problem));
                }
            });

    /// <summary>What is wrong with the nonce ("a constant", "the static field 'Nonce'"), or null when it may be fresh.</summary>
    private static string? Problem(IOperation nonce, IInvocationOperation encrypt)
    {
        var value = nonce.ViewedBuffer();
        switch (value)
        {
            case IFieldReferenceOperation { Field.IsStatic: true } field when OnlyReadBefore(field.Field, encrypt):
                return $"the static field '{field.Field.Name}', shared by every encryption";
            case ILocalReferenceOperation local when OnlyReadBefore(local.Local, encrypt) &&
                                                     OperationFlow.SingleValue(local.Local, nonce.Root()) is { } initial:
                return Constant(initial.ViewedBuffer());
            default:
                return Constant(value);
        }
    }

    /// <summary>Where a nonce field is declared, for the fix that replaces it with a fresh nonce; none for a local or a field of another assembly.</summary>
    private static Location[] FieldDeclaration(IOperation nonce) =>
        nonce.ViewedBuffer() is IFieldReferenceOperation field
            ? field.Field.DeclaringSyntaxReferences.Select(r => r.GetSyntax().GetLocation()).Take(1).ToArray()
            : Array.Empty<Location>();

    /// <summary>The description of a nonce value that is fixed at compile time, or null.</summary>
    private static string? Constant(IOperation value) => value switch
    {
        IArrayCreationOperation { Initializer: null } => "a new array never filled, so all zeros",
        { Syntax: StackAllocArrayCreationExpressionSyntax { Initializer: null } } => "a stackalloc buffer never filled",
        IArrayCreationOperation { Initializer: { } initializer } when initializer.ElementValues.All(e => e.ConstantValue.HasValue) => "a constant",
        IUtf8StringOperation => "a constant",
        IInvocationOperation invocation when IsDecodingOfConstantText(invocation) => "a constant",
        _ => null,
    };

    /// <summary><c>Convert.FromHexString("...")</c>, <c>Convert.FromBase64String("...")</c>, <c>Encoding.UTF8.GetBytes("...")</c>.</summary>
    private static bool IsDecodingOfConstantText(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (invocation.Arguments.Length != 1 || invocation.Arguments[0].Value.ConstantValue.Value is not string)
        {
            return false;
        }

        return method.Name is "FromHexString" or "FromBase64String"
            ? method.ContainingType.Name == "Convert"
            : method.Name == "GetBytes" && method.ContainingType.IsWithinNamespace("System.Text");
    }

    /// <summary>
    /// True when every use of the variable that can run before <paramref name="encrypt"/> is a read: a nonce
    /// argument or a member read such as <c>Length</c>. Anything else (passed to a method, an element written,
    /// another alias) may fill it. In a loop, every use of the body can run before the next encryption.
    /// </summary>
    private static bool OnlyReadBefore(ISymbol variable, IInvocationOperation encrypt)
    {
        var root = encrypt.Root();
        var inLoop = IsInLoop(encrypt);
        foreach (var operation in root.Descendants())
        {
            var referenced = operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => (ISymbol)field.Field,
                _ => null,
            };

            if (referenced is null || !SymbolEqualityComparer.Default.Equals(referenced, variable))
            {
                continue;
            }

            if (!inLoop && operation.Syntax.SpanStart > encrypt.Syntax.Span.End)
            {
                continue;
            }

            var site = operation.OutermostView();

            var isRead = site.Parent switch
            {
                IArgumentOperation { Parameter.Name: "nonce" } argument => argument.Parent is IInvocationOperation call && IsAeadCipher(call.TargetMethod.ContainingType),
                IPropertyReferenceOperation { Property.Name: "Length" } => true,
                ISimpleAssignmentOperation assignment => assignment.Target == site,
                _ => false,
            };

            if (!isRead)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInLoop(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAeadCipher(INamedTypeSymbol? type) =>
        type is not null && Ciphers.Contains(type.Name) && PlaintextKeySources.IsCryptography(type);
}
