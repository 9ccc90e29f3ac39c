extern alias Fuzz;

using Fuzz::KmsKit.Fuzz;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

/// <summary>
/// The fuzz targets' seed corpora and crash regressions (tests/KmsKit.Fuzz/corpus and regressions), replayed
/// through every target: a parser given any of them may refuse it with its documented error, never anything else.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> TargetNames() => [.. Targets.Names];

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void every_corpus_and_regression_file_is_read_or_refused_with_the_parsers_own_error(string target)
    {
        var failures = new List<string>();
        foreach (var file in AllInputs())
        {
            try
            {
                Targets.Run(target, File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetRelativePath(Repository.Root, file)}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void every_target_has_a_seed_corpus(string target)
    {
        var folder = Repository.PathOf("tests", "KmsKit.Fuzz", "corpus", target);
        Assert.True(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), $"No seed corpus in {folder}.");
    }

    private static IEnumerable<string> AllInputs() =>
        new[] { "corpus", "regressions" }
            .Select(kind => Repository.PathOf("tests", "KmsKit.Fuzz", kind))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .Order(StringComparer.Ordinal);
}
