using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS001: envelope encryption with the SDK and the BCL only. <c>kms.EncryptAsync(request)</c> becomes
/// <c>EnvelopeEncryption.EncryptAsync(kms, request)</c>, and the KMS <c>DecryptAsync</c> calls of the same document become
/// <c>EnvelopeEncryption.DecryptAsync(kms, request)</c>; the helper (GenerateDataKey, AES-256-GCM with a random nonce, the
/// plaintext key zeroed in <c>finally</c>) is added to the project once. Both keep the SDK's request and response
/// types, so the code around the calls compiles unchanged.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseEnvelopeEncryptionCodeFix))]
[Shared]
public sealed class UseEnvelopeEncryptionCodeFix : KmsCodeFixProvider
{
    internal const string EquivalenceKey = "KmsKit.UseEnvelopeEncryption";
    internal const string HelperNamespace = "KmsKit.Envelope";
    internal const string HelperType = "EnvelopeEncryption";
    internal const string HelperFileName = "EnvelopeEncryption.cs";

    public UseEnvelopeEncryptionCodeFix()
        : base(DiagnosticDescriptors.PlaintextExceedsEncryptLimit)
    {
    }

    public override FixAllProvider GetFixAllProvider() => EnvelopeFixAllProvider.Instance;

    private protected override CodeAction? CreateFix(FixContext fix) =>
        SupportsHelper(fix.Model.Compilation) && EncryptCallOf(fix.Root, fix.Diagnostic) is not null
            ? CodeAction.Create(
                "Use envelope encryption (GenerateDataKey and AES-GCM)",
                ct => ApplyAsync(fix.Document.Project.Solution, new[] { (fix.Document.Id, ImmutableArray.Create(fix.Diagnostic)) }, ct),
                EquivalenceKey)
            : null;

    /// <summary>Rewrites the flagged Encrypt calls of each document and its Decrypt calls, and adds the helper once per project.</summary>
    internal static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        var projectsNeedingHelper = new HashSet<ProjectId>();
        foreach (var (documentId, diagnostics) in work)
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is not CompilationUnitSyntax unit || model is null ||
                KmsSymbols.TryCreate(model.Compilation) is not { } symbols)
            {
                continue;
            }

            var calls = diagnostics.Select(d => EncryptCallOf(root, d)).OfType<InvocationExpressionSyntax>().ToList();
            calls.AddRange(DecryptCalls(root, model, symbols, cancellationToken));
            var rewritten = unit.ReplaceNodes(calls.Distinct(), (original, _) => ToHelperCall(original, MethodName(original)));
            rewritten = AddUsing(rewritten);
            solution = solution.WithDocumentSyntaxRoot(documentId, rewritten);
            projectsNeedingHelper.Add(documentId.ProjectId);
        }

        foreach (var projectId in projectsNeedingHelper)
        {
            var project = solution.GetProject(projectId)!;
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation?.GetTypeByMetadataName(HelperNamespace + "." + HelperType) is null)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), HelperFileName, SourceText.From(HelperSource()), filePath: HelperPath(project));
            }
        }

        return solution;
    }

    /// <summary>The helper needs async KMS calls and <c>AesGcm(byte[], int)</c> (.NET 8 or later).</summary>
    private static bool SupportsHelper(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Security.Cryptography.AesGcm") is { } aesGcm &&
        aesGcm.InstanceConstructors.Any(c => c.Parameters.Length == 2 && c.Parameters[1].Type.SpecialType == SpecialType.System_Int32);

    /// <summary>The async Encrypt call a KMS001 diagnostic names in its additional location.</summary>
    private static InvocationExpressionSyntax? EncryptCallOf(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.AdditionalLocations.Count > 0 &&
        root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax call &&
        MethodName(call) == "EncryptAsync" && call.Expression is MemberAccessExpressionSyntax
            ? call
            : null;

    private static IEnumerable<InvocationExpressionSyntax> DecryptCalls(SyntaxNode root, SemanticModel model, KmsSymbols symbols, CancellationToken cancellationToken) =>
        root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(call =>
            MethodName(call) == "DecryptAsync" && call.Expression is MemberAccessExpressionSyntax &&
            model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method &&
            symbols.OperationName(method) == "Decrypt" && method.Parameters.Length >= 1 && method.Parameters[0].Type.Name == "DecryptRequest");

    private static string MethodName(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : string.Empty;

    /// <summary><c>kms.EncryptAsync(request, ct)</c> becomes <c>EnvelopeEncryption.EncryptAsync(kms, request, ct)</c>.</summary>
    private static InvocationExpressionSyntax ToHelperCall(InvocationExpressionSyntax call, string methodName)
    {
        var member = (MemberAccessExpressionSyntax)call.Expression;
        var client = SyntaxFactory.Argument(member.Expression.WithoutTrivia());
        var target = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.IdentifierName(HelperType),
            SyntaxFactory.IdentifierName(methodName));
        return call
            .WithExpression(target.WithTriviaFrom(member))
            .WithArgumentList(call.ArgumentList.WithArguments(call.ArgumentList.Arguments.Insert(0, client)));
    }

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        if (unit.Usings.Any(u => u.Name?.ToString() == HelperNamespace))
        {
            return unit;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(HelperNamespace)).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        // System namespaces first, then ordinal order, as `dotnet_sort_system_directives_first` keeps them.
        var position = unit.Usings.TakeWhile(u => u.Name?.ToString() is { } name &&
            (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal) || string.CompareOrdinal(name, HelperNamespace) < 0)).Count();
        var endOfLine = unit.Usings.Count > 0 ? unit.Usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) : default;
        if (endOfLine != default)
        {
            directive = directive.WithTrailingTrivia(endOfLine);
        }

        return unit.WithUsings(unit.Usings.Insert(position, directive));
    }

    private static string? HelperPath(Project project) =>
        project.FilePath is { } projectFile ? Path.Combine(Path.GetDirectoryName(projectFile)!, HelperFileName) : null;

    private static string HelperSource()
    {
        using var stream = typeof(UseEnvelopeEncryptionCodeFix).Assembly.GetManifestResourceStream("KmsKit.CodeFixes.Templates.EnvelopeEncryption.cs.template")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Fix All: every document's calls in one pass, so that the helper is added once per project.</summary>
    private sealed class EnvelopeFixAllProvider : FixAllProvider
    {
        public static readonly EnvelopeFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => System.Array.Empty<Document>(),
            };
            var work = new List<(DocumentId, ImmutableArray<Diagnostic>)>();
            foreach (var document in documents)
            {
                var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    work.Add((document.Id, diagnostics));
                }
            }

            return CodeAction.Create(
                "Use envelope encryption (GenerateDataKey and AES-GCM)",
                ct => ApplyAsync(fixAllContext.Solution, work, ct),
                EquivalenceKey);
        }
    }
}
