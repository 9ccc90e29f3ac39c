using System.Collections.Immutable;
using KmsKit.Analyzers.Rules;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.CodeFixes.Tests;

/// <summary>
/// Where a fix's helper file goes. <c>dotnet format</c> applies fixes through an MSBuildWorkspace, which writes a
/// <c>&lt;Compile Include&gt;</c> for every document added (dotnet/roslyn#36781): beside the sources of an SDK-style
/// project, whose default items already include it, that breaks the build (NETSDK1022). tests/package/gallery-fixes.sh
/// runs the real <c>dotnet format analyzers</c> on a copy of the misuse gallery.
/// </summary>
public class HelperFileTests
{
    private const string Source = """
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        public sealed class Archive(IAmazonKeyManagementService kms)
        {
            public async Task<byte[]> SealAsync(string path)
            {
                var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/archive", Plaintext = new MemoryStream(await File.ReadAllBytesAsync(path)) });
                return response.CiphertextBlob.ToArray();
            }
        }
        """;

    private static readonly string ProjectFolder = Path.Combine(Path.GetTempPath(), "KmsKitHelperFileTests", "App");

    [Fact]
    public async Task Under_dotnet_format_the_helper_goes_into_a_dot_folder_that_the_sdk_default_items_leave_out()
    {
        var helper = await AddedHelperAsync(WorkspaceKind.MSBuild);

        Assert.Equal([".kmskit-helpers"], helper.Folders);
        Assert.Equal(Path.Combine(ProjectFolder, ".kmskit-helpers", "EnvelopeEncryption.cs"), helper.FilePath);
        Assert.Equal(UseEnvelopeEncryptionCodeFix.Helper.Source(), (await helper.GetTextAsync()).ToString());
    }

    [Fact]
    public async Task In_an_ide_the_helper_goes_beside_the_project_file()
    {
        var helper = await AddedHelperAsync(WorkspaceKind.Host);

        Assert.Empty(helper.Folders);
        Assert.Equal(Path.Combine(ProjectFolder, "EnvelopeEncryption.cs"), helper.FilePath);
    }

    [Theory]
    [InlineData(WorkspaceKind.MSBuild)]
    [InlineData(WorkspaceKind.Host)]
    public async Task The_helper_is_written_in_utf8_without_a_byte_order_mark(string workspaceKind)
    {
        var helper = await AddedHelperAsync(workspaceKind);

        var encoding = (await helper.GetTextAsync()).Encoding;
        Assert.NotNull(encoding);
        Assert.Equal("utf-8", encoding.WebName);
        Assert.Empty(encoding.GetPreamble());
    }

    /// <summary>The document the KMS001 envelope fix adds to a project in a workspace of <paramref name="workspaceKind"/>.</summary>
    private static async Task<Document> AddedHelperAsync(string workspaceKind)
    {
        using var workspace = new AdhocWorkspace(MefHostServices.DefaultHost, workspaceKind);
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "App",
            "App",
            LanguageNames.CSharp,
            filePath: Path.Combine(ProjectFolder, "App.csproj"),
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: (await TestReferences.Net80WithKms.FrameworkReferencesAsync()).Concat(TestReferences.Net80WithKms.SdkReferences())));
        var document = project.AddDocument("Archive.cs", SourceText.From(Source), filePath: Path.Combine(ProjectFolder, "Archive.cs"));
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostic = Assert.Single(await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PlaintextExceedsEncryptLimitAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None));

        var actions = new List<CodeAction>();
        await new UseEnvelopeEncryptionCodeFix().RegisterCodeFixesAsync(
            new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;

        return Assert.Single(changed.Documents, d => d.Name == "EnvelopeEncryption.cs");
    }
}
