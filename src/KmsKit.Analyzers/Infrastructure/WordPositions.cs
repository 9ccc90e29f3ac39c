using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// The words of a syntax tree that a rule can look for, read from the source text: a scan of the characters costs a
/// fraction of a walk over the syntax nodes, and most documents contain none of the names the rules look for. The
/// names are those of the SDK and the BCL, so only words starting with an upper-case letter count, plus the <c>new</c>
/// of a target-typed <c>new(...)</c>. The scan allocates nothing: it sets the bits of a Bloom filter, and the text is
/// searched for a name only when the filter may hold it. Words in comments and strings count
/// too; <see cref="SyntaxIndex"/> drops them when it resolves a word to its token.
/// </summary>
internal sealed class WordPositions
{
    /// <summary>The word under which the <c>new</c> keywords of target-typed creations are kept.</summary>
    public const string TargetTypedNew = "new";

    // 1,024 bits and two probes: with the 40-odd capitalised words of a typical file, about 1 lookup in 200 of an
    // absent name passes the filter, and then only costs the collection of the positions.
    private const int FilterBits = 1024;

    private readonly SyntaxTree _tree;
    private readonly ulong[] _filter = new ulong[FilterBits / 64];
    private readonly bool _exact;
    private List<int>? _targetTypedNews;
    private Dictionary<string, List<int>>? _tokenWords;

    private WordPositions(SyntaxTree tree, string text)
    {
        _tree = tree;
        _exact = Scan(text);
    }

    public static WordPositions Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        new(tree, tree.GetText(cancellationToken).ToString());

    /// <summary>False when <paramref name="word"/> is certainly not in the tree; true when it may be.</summary>
    public bool MayContain(string word) =>
        !_exact || (word == TargetTypedNew ? _targetTypedNews is not null : IsSet(Hash(word, 0, word.Length)));

    /// <summary>Where <paramref name="word"/> starts in the tree. Not thread-safe: the caller holds a lock.</summary>
    public IReadOnlyList<int> PositionsOf(string word, CancellationToken cancellationToken)
    {
        if (!_exact)
        {
            _tokenWords ??= FromTokens(_tree.GetRoot(cancellationToken));
            return _tokenWords.TryGetValue(word, out var positions) ? positions : System.Array.Empty<int>();
        }

        return word == TargetTypedNew
            ? (IReadOnlyList<int>?)_targetTypedNews ?? System.Array.Empty<int>()
            : Find(_tree.GetText(cancellationToken).ToString(), word);
    }

    /// <summary>The starts of <paramref name="word"/> as a whole word: a search of the text, as few names pass the filter.</summary>
    private static IReadOnlyList<int> Find(string text, string word)
    {
        List<int>? positions = null;
        for (var at = text.IndexOf(word, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, System.StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsWordPart(text[at - 1])) && (end == text.Length || !IsWordPart(text[end])))
            {
                (positions ??= new List<int>(1)).Add(at);
            }
        }

        return (IReadOnlyList<int>?)positions ?? System.Array.Empty<int>();
    }

    /// <summary>The words of every identifier and <c>new</c> token: exact, at the price of a walk over the tree.</summary>
    private static Dictionary<string, List<int>> FromTokens(SyntaxNode root)
    {
        var words = new Dictionary<string, List<int>>(System.StringComparer.Ordinal);
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) || token.IsKind(SyntaxKind.NewKeyword))
            {
                Add(words, token.ValueText, token.SpanStart);
            }
        }

        return words;
    }

    /// <summary>
    /// Fills the filter and the positions of target-typed <c>new</c>s; false, and stops, when an identifier may be
    /// spelled with a Unicode escape or a formatting character, whose token's value differs from its text, so that
    /// only the tokens can tell.
    /// </summary>
    private bool Scan(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                for (i++; i < text.Length && IsWordPart(text[i]); i++)
                {
                }

                if (i < text.Length && IsFormatting(text[i]))
                {
                    return false;
                }

                if (char.IsUpper(c) ||
                    (i - start == 3 && string.CompareOrdinal(text, start, TargetTypedNew, 0, 3) == 0 && IsFollowedByParenthesis(text, i)))
                {
                    Record(text, start, i - start);
                }
            }
            else if (c == '\\' && i + 1 < text.Length && (text[i + 1] == 'u' || text[i + 1] == 'U'))
            {
                return false;
            }
            else
            {
                i++;
            }
        }

        return true;
    }

    private static bool IsFollowedByParenthesis(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i < text.Length && text[i] == '(';
    }

    private static bool IsWordPart(char c) =>
        char.IsLetterOrDigit(c) || c == '_' ||
        (c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation);

    private static bool IsFormatting(char c) => c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>FNV-1a over the characters of a word.</summary>
    private static uint Hash(string text, int start, int length)
    {
        var hash = 2166136261u;
        for (var i = start; i < start + length; i++)
        {
            hash = (hash ^ text[i]) * 16777619u;
        }

        return hash;
    }

    private void Set(uint hash)
    {
        var first = hash % FilterBits;
        var second = (hash >> 16) % FilterBits;
        _filter[first / 64] |= 1UL << (int)(first % 64);
        _filter[second / 64] |= 1UL << (int)(second % 64);
    }

    private bool IsSet(uint hash)
    {
        var first = hash % FilterBits;
        var second = (hash >> 16) % FilterBits;
        return (_filter[first / 64] & (1UL << (int)(first % 64))) != 0 && (_filter[second / 64] & (1UL << (int)(second % 64))) != 0;
    }

    private static void Add(Dictionary<string, List<int>> words, string word, int position)
    {
        if (!words.TryGetValue(word, out var positions))
        {
            words[word] = positions = new List<int>(1);
        }

        positions.Add(position);
    }

    private void Record(string text, int start, int length)
    {
        if (text[start] == 'n')
        {
            (_targetTypedNews ??= new List<int>(1)).Add(start);
        }
        else
        {
            Set(Hash(text, start, length));
        }
    }
}
