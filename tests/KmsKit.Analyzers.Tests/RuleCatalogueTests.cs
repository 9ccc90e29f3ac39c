using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using KmsKit.Analyzers.Tests.Verifiers;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace KmsKit.Analyzers.Tests;

/// <summary>
/// Keeps the descriptors, the catalogue, the docs pages, the release tracking file and the README table in step.
/// Set KMSKIT_UPDATE_README=1 to rewrite the README table from the descriptors instead of failing.
/// </summary>
public class RuleCatalogueTests
{
    public static IEnumerable<DiagnosticDescriptor> Descriptors { get; } =
        typeof(DiagnosticDescriptors).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Select(p => p.GetValue(null)).Concat(
                typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetValue(null)))
            .OfType<DiagnosticDescriptor>()
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    private static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(d => d.Id == id);

    [Fact]
    public void Ids_are_unique() =>
        Assert.Equal(Descriptors.Count(), Descriptors.Select(d => d.Id).Distinct().Count());

    [Theory]
    [MemberData(nameof(Ids))]
    public void Title_and_severity_match_the_catalogue(string id)
    {
        var catalogue = Path.Combine(Repository.Shared, "RULES.md");
        Assert.True(File.Exists(catalogue), $"The rule catalogue {catalogue} is missing: the shared folder must sit beside the repository.");
        var row = File.ReadLines(catalogue).SingleOrDefault(l => l.StartsWith($"| {id} |", StringComparison.Ordinal));
        Assert.NotNull(row);
        var cells = row.Split('|').Select(c => c.Trim()).ToArray();
        var descriptor = Descriptor(id);
        Assert.Equal(cells[2], descriptor.Title.ToString());
        Assert.StartsWith(descriptor.DefaultSeverity.ToString(), cells[3], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_docs_page_that_the_help_link_points_to(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal(DiagnosticDescriptors.HelpLink(id), descriptor.HelpLinkUri);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        var page = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it detects", "## Why", "## Bad", "## Good", "## How to fix", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Is_tracked_in_the_unshipped_release(string id)
    {
        var descriptor = Descriptor(id);
        var rows = File.ReadAllLines(Repository.PathOf("src", "KmsKit.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Where(l => l.StartsWith(id + " ", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToArray();
        var row = Assert.Single(rows);
        Assert.Equal(descriptor.Category, row[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Is_reported_by_exactly_one_analyzer(string id) =>
        Assert.Single(AllAnalyzers.Instances, a => a.SupportedDiagnostics.Any(d => d.Id == id));

    [Fact]
    public void Readme_rules_table_matches_the_descriptors()
    {
        var path = Repository.PathOf("README.md");
        var readme = File.ReadAllText(path);
        var pattern = new Regex("(<!-- rules:begin -->\n)(.*?)(<!-- rules:end -->)", RegexOptions.Singleline);
        Assert.Matches(pattern, readme);
        var expected = RulesTable();
        var actual = pattern.Match(readme).Groups[2].Value;
        if (actual != expected && Environment.GetEnvironmentVariable("KMSKIT_UPDATE_README") == "1")
        {
            File.WriteAllText(path, pattern.Replace(readme, m => m.Groups[1].Value + expected + m.Groups[3].Value));
            return;
        }

        Assert.True(actual == expected, "README.md's rules table is out of date; run the tests with KMSKIT_UPDATE_README=1 to regenerate it.\nExpected:\n" + expected);
    }

    private static string RulesTable()
    {
        var table = new StringBuilder();
        table.Append("| Rule | Title | Category | Severity |\n|---|---|---|---|\n");
        foreach (var d in Descriptors)
        {
            table.Append($"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title} | {d.Category} | {d.DefaultSeverity} |\n");
        }

        return table.ToString();
    }
}
