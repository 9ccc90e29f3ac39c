using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using KmsKit.Analyzers;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS303: adds <c>KeyId</c> to a Decrypt request when the method knows exactly one key: the <c>KeyId</c> of its other
/// KMS requests, or else the one string parameter, field or property named like a key id (<c>keyId</c>, <c>_orderKeyId</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddKeyIdCodeFix))]
[Shared]
public sealed class AddKeyIdCodeFix : KmsCodeFixProvider
{
    private const string KeyId = "KeyId";

    public AddKeyIdCodeFix()
        : base(DiagnosticDescriptors.DecryptWithoutKeyId)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (fix.Node is not InvocationExpressionSyntax call ||
            RequestSyntax.CreationOf(call, fix.Model, fix.CancellationToken) is not { } creation ||
            KnownKeyId(call, fix.Model, fix.CancellationToken) is not { } keyId)
        {
            return null;
        }

        return fix.Action(
            $"Add KeyId = {keyId}",
            nameof(AddKeyIdCodeFix),
            () => fix.Root.ReplaceNode(creation, RequestSyntax.WithMember(creation, KeyId, SyntaxFactory.ParseExpression(keyId))));
    }

    private static string? KnownKeyId(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
        {
            return null;
        }

        // The key the method's other requests name.
        var fromRequests = member.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Where(a => SyntaxIndex.NameOf(a.Left) == KeyId && a.Right is not LiteralExpressionSyntax { Token.ValueText: "" })
            .Select(a => a.Right.WithoutTrivia().ToString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (fromRequests.Count > 0)
        {
            return fromRequests.Count == 1 ? fromRequests[0] : null;
        }

        // Else the one string in scope named like a key id.
        var candidates = new List<string>();
        if (model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is IMethodSymbol method)
        {
            candidates.AddRange(method.Parameters.Where(p => IsKeyIdName(p.Name) && p.Type.SpecialType == SpecialType.System_String).Select(p => p.Name));
            candidates.AddRange(method.ContainingType.GetMembers()
                .Where(m => m is IFieldSymbol { Type.SpecialType: SpecialType.System_String, IsImplicitlyDeclared: false } or IPropertySymbol { Type.SpecialType: SpecialType.System_String })
                .Where(m => IsKeyIdName(m.Name) && !(method.IsStatic && !m.IsStatic))
                .Select(m => m.Name));
        }

        // Primary constructor parameters of the enclosing class.
        if (call.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.ParameterList is { } primary)
        {
            candidates.AddRange(primary.Parameters
                .Where(p => IsKeyIdName(p.Identifier.ValueText) && p.Type is PredefinedTypeSyntax { Keyword.ValueText: "string" })
                .Select(p => p.Identifier.ValueText));
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static bool IsKeyIdName(string name) => name.EndsWith(KeyId, StringComparison.OrdinalIgnoreCase);
}
