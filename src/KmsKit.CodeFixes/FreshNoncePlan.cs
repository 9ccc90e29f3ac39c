using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.CodeFixes;

/// <summary>
/// What KMS103's fix for a nonce field does: a fresh random nonce local, declared and filled before the first
/// statement of the encrypting block that reads the field, replaces every read of the field, and the field goes.
/// Only decided when that cannot lose data or reuse a nonce, so null unless: the field is private to a type declared
/// once, in this document; every read of it is in the block of the one <c>AesGcm</c>/<c>ChaCha20Poly1305</c>
/// <c>Encrypt</c> statement that uses it (nothing else, a <c>Decrypt</c> elsewhere included, relies on its fixed
/// value); and that block also hands the nonce on with the ciphertext (returns it, stores it, writes or copies it),
/// since a nonce that is never written out could not be read back to decrypt.
/// </summary>
internal sealed class FreshNoncePlan
{
    /// <summary>The only nonce size that <c>AesGcm</c> and <c>ChaCha20Poly1305</c> accept.</summary>
    public const int NonceSize = 12;

    private static readonly string[] Ciphers = { "AesGcm", "ChaCha20Poly1305" };

    private FreshNoncePlan(SyntaxNode field, IReadOnlyList<ExpressionSyntax> reads, StatementSyntax anchor, string local, bool onStack)
    {
        Field = field;
        Reads = reads;
        Anchor = anchor;
        Local = local;
        OnStack = onStack;
    }

    /// <summary>The field's declarator, removed.</summary>
    public SyntaxNode Field { get; }

    /// <summary>Every read of the field, replaced by the local.</summary>
    public IReadOnlyList<ExpressionSyntax> Reads { get; }

    /// <summary>The statement the local is declared and filled before.</summary>
    public StatementSyntax Anchor { get; }

    /// <summary>The name of the new local.</summary>
    public string Local { get; }

    /// <summary>A <c>stackalloc</c> span, when every read takes a span; otherwise a new array.</summary>
    public bool OnStack { get; }

    public static FreshNoncePlan? For(FixContext fix)
    {
        var model = fix.Model;
        var cancellationToken = fix.CancellationToken;
        var node = fix.Node is ArgumentSyntax argument ? argument.Expression : fix.Node;
        if (fix.AdditionalNode(0) is not VariableDeclaratorSyntax declarator ||
            model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private, Type: IArrayTypeSymbol } field ||
            field.ContainingType.DeclaringSyntaxReferences.Length != 1 ||
            field.ContainingType.DeclaringSyntaxReferences[0] is not { } typeReference ||
            typeReference.SyntaxTree != fix.Root.SyntaxTree ||
            model.GetOperation(node, cancellationToken) is not IFieldReferenceOperation nonce ||
            !SymbolEqualityComparer.Default.Equals(nonce.Field, field) ||
            Use(nonce) != NonceUse.Encrypt ||
            node.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax block } encryptStatement)
        {
            return null;
        }

        var reads = new List<ExpressionSyntax>();
        var handedOn = false;
        var onStack = !InLoopOrAsync(block, model, cancellationToken);
        foreach (var name in typeReference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != field.Name ||
                !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
            {
                continue;
            }

            var read = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
            if (!block.Contains(read) || model.GetOperation(read, cancellationToken) is not { } operation)
            {
                return null;
            }

            switch (Use(operation))
            {
                case NonceUse.Encrypt when !encryptStatement.Contains(read):
                    return null; // a second encryption would share the one fresh nonce
                case NonceUse.HandedOn:
                    handedOn = true;
                    break;
            }

            onStack &= TakesSpan(operation) && !InFunctionWithin(read, block);
            reads.Add(read);
        }

        var anchor = block.Statements.First(s => reads.Any(s.Contains));
        return handedOn
            ? new FreshNoncePlan(declarator, reads, anchor, LocalNames.Free(model, anchor.SpanStart, "nonce", new HashSet<string>(), block), onStack)
            : null;
    }

    private enum NonceUse
    {
        /// <summary>The nonce of an <c>Encrypt</c>.</summary>
        Encrypt,

        /// <summary>The nonce of another call of the cipher, or its <c>Length</c>: neither stores the nonce.</summary>
        Read,

        /// <summary>Anything else: returned, stored, written, copied.</summary>
        HandedOn,
    }

    /// <summary>How a read of the field uses it.</summary>
    private static NonceUse Use(IOperation read)
    {
        var site = read.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion : read;
        return site.Parent switch
        {
            IArgumentOperation { Parameter.Name: "nonce", Parent: IInvocationOperation call } when IsCipherCall(call, "Encrypt") => NonceUse.Encrypt,
            IArgumentOperation { Parameter.Name: "nonce", Parent: IInvocationOperation call } when IsCipherCall(call, null) => NonceUse.Read,
            IPropertyReferenceOperation { Property.Name: "Length" } => NonceUse.Read,
            _ => NonceUse.HandedOn,
        };
    }

    private static bool IsCipherCall(IInvocationOperation call, string? name) =>
        (name is null || call.TargetMethod.Name == name) &&
        Ciphers.Contains(call.TargetMethod.ContainingType.Name) &&
        call.TargetMethod.ContainingType.ContainingNamespace.ToDisplayString() == "System.Security.Cryptography";

    /// <summary>
    /// True when a span local can stand for the array here: the read is converted to a span, is a <c>Length</c>, or is
    /// the nonce of a cipher call, which has a span overload.
    /// </summary>
    private static bool TakesSpan(IOperation read) =>
        Use(read) != NonceUse.HandedOn || read.Parent is IConversionOperation { IsImplicit: true, Type.Name: "Span" or "ReadOnlySpan" };

    /// <summary>A lambda or local function between the read and the block captures the local, which a span cannot be.</summary>
    private static bool InFunctionWithin(SyntaxNode read, BlockSyntax block) =>
        read.Ancestors().TakeWhile(a => a != block).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary><c>stackalloc</c> in a loop grows the stack per iteration (CA2014); a span cannot live in an async method or an iterator.</summary>
    private static bool InLoopOrAsync(BlockSyntax block, SemanticModel model, CancellationToken cancellationToken)
    {
        if (block.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).Any(a => a is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
        {
            return true;
        }

        var function = block.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);
        return model.GetEnclosingSymbol(block.SpanStart, cancellationToken) is IMethodSymbol { IsAsync: true } ||
               function?.DescendantNodes().Any(n => n.IsKind(SyntaxKind.YieldReturnStatement) || n.IsKind(SyntaxKind.YieldBreakStatement)) == true;
    }
}
