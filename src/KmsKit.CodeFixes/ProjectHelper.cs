using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes;

/// <summary>
/// A source file some fixes write into the user's project once (from a template embedded in this assembly), and the
/// <c>using</c> directive that brings its namespace into a fixed document.
/// </summary>
internal sealed class ProjectHelper
{
    /// <summary>The namespace every helper lives in.</summary>
    public const string Namespace = "KmsKit.Envelope";

    public ProjectHelper(string typeName, string templateName)
    {
        TypeName = typeName;
        TemplateName = templateName;
    }

    public string TypeName { get; }

    public string FileName => TypeName + ".cs";

    /// <summary>The template's resource name (under <c>Templates/</c>).</summary>
    public string TemplateName { get; }

    /// <summary>The helpers (and the <c>using</c> declarations the fixes write beside them) need C# 8.</summary>
    public static bool Supports(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 };

    /// <summary>The template's text, as written into projects.</summary>
    public string Source()
    {
        using var stream = typeof(ProjectHelper).Assembly.GetManifestResourceStream("KmsKit.CodeFixes.Templates." + TemplateName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The folder, in the project's directory, that the helpers go into when the solution belongs to an
    /// <c>MSBuildWorkspace</c> (<c>dotnet format</c> and other command-line hosts). Such a workspace writes a
    /// <c>&lt;Compile Include&gt;</c> into the project file for every document added, whatever its path
    /// (dotnet/roslyn#36781), and a code fix cannot edit the project file: in an SDK-style project a helper beside the
    /// sources would then be compiled twice (NETSDK1022). The SDK's default items leave out folders whose name starts
    /// with a dot, so there that item is the file's only inclusion, as it is in a project that lists its files.
    /// </summary>
    public const string CommandLineFolder = ".kmskit-helpers";

    /// <summary>The helper files are written as the sources they sit beside usually are: UTF-8 without a byte order mark.</summary>
    private static readonly Encoding HelperEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Adds the helper to each project that does not have it yet; <paramref name="source"/> gives its text for the project.</summary>
    public async Task<Solution> AddToAsync(Solution solution, IEnumerable<ProjectId> projectIds, System.Func<Compilation, string> source, CancellationToken cancellationToken)
    {
        // An IDE's project system adds a file beside the sources as a user's "Add new item" would (no item in an
        // SDK-style project, which globs it); only the MSBuild workspace needs the folder.
        var folders = solution.Workspace.Kind == WorkspaceKind.MSBuild ? new[] { CommandLineFolder } : System.Array.Empty<string>();
        foreach (var projectId in projectIds.Distinct())
        {
            var project = solution.GetProject(projectId)!;
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is not null && compilation.GetTypeByMetadataName(Namespace + "." + TypeName) is null)
            {
                var path = project.FilePath is { } projectFile ? Path.Combine(new[] { Path.GetDirectoryName(projectFile)! }.Concat(folders).Concat(new[] { FileName }).ToArray()) : null;
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), FileName, SourceText.From(source(compilation), HelperEncoding), folders, path);
            }
        }

        return solution;
    }

    /// <summary><paramref name="unit"/> with <c>using KmsKit.Envelope;</c> where the sorted usings place it, unless it has it.</summary>
    public static CompilationUnitSyntax WithUsing(CompilationUnitSyntax unit)
    {
        if (unit.Usings.Any(u => u.Name?.ToString() == Namespace))
        {
            return unit;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace)).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        // System namespaces first, then ordinal order, as `dotnet_sort_system_directives_first` keeps them.
        var position = unit.Usings.TakeWhile(u => u.Name?.ToString() is { } name &&
            (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal) || string.CompareOrdinal(name, Namespace) < 0)).Count();
        var endOfLine = unit.Usings.Count > 0 ? unit.Usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) : default;
        if (endOfLine != default)
        {
            directive = directive.WithTrailingTrivia(endOfLine);
        }

        return unit.WithUsings(unit.Usings.Insert(position, directive));
    }
}
