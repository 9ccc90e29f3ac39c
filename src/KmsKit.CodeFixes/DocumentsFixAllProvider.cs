using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KmsKit.CodeFixes;

/// <summary>
/// Fix All for fixes that must see every diagnostic of a document at once (edits that would collide when made one by
/// one, a helper file added once per project): the diagnostics in scope, grouped by document, go to one function.
/// </summary>
internal sealed class DocumentsFixAllProvider : FixAllProvider
{
    private readonly string _title;
    private readonly Func<Solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)>, CancellationToken, Task<Solution>> _apply;

    public DocumentsFixAllProvider(string title, Func<Solution, IReadOnlyList<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)>, CancellationToken, Task<Solution>> apply)
    {
        _title = title;
        _apply = apply;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var documents = fixAllContext.Scope switch
        {
            FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
            FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
            FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => Array.Empty<Document>(),
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

        return CodeAction.Create(_title, ct => _apply(fixAllContext.Solution, work, ct), fixAllContext.CodeActionEquivalenceKey);
    }
}
