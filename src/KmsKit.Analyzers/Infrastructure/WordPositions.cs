using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Where each word a rule can look for starts in a syntax tree, read from the source text: a scan of the characters
/// costs a tenth of a walk over the syntax nodes, and most documents contain none of the names the rules look for.
/// The names are those of the SDK and the BCL, so only words starting with an upper-case letter are kept, plus the
/// <c>new</c> of a target-typed <c>new(...)</c>. Words in comments and strings are kept too; <see cref="SyntaxIndex"/>
/// drops them when it resolves a word to its token.
/// </summary>
internal static class WordPositions
{
    /// <summary>The word under which the <c>new</c> keywords of target-typed creations are kept.</summary>
    public const string TargetTypedNew = "new";

    public static Dictionary<string, List<int>> Of(SyntaxTree tree, System.Threading.CancellationToken cancellationToken) =>
        FromText(tree.GetText(cancellationToken).ToString()) ?? FromTokens(tree.GetRoot(cancellationToken));

    /// <summary>
    /// The words of <paramref name="text"/>; null when an identifier may be spelled with a Unicode escape or a
    /// formatting character, whose token's value differs from its text.
    /// </summary>
    private static Dictionary<string, List<int>>? FromText(string text)
    {
        var words = new Dictionary<string, List<int>>(System.StringComparer.Ordinal);
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
                    return null;
                }

                if (char.IsUpper(c))
                {
                    Add(words, text.Substring(start, i - start), start);
                }
                else if (i - start == 3 && string.CompareOrdinal(text, start, TargetTypedNew, 0, 3) == 0 && IsFollowedByParenthesis(text, i))
                {
                    Add(words, TargetTypedNew, start);
                }
            }
            else if (c == '\\' && i + 1 < text.Length && (text[i + 1] == 'u' || text[i + 1] == 'U'))
            {
                return null;
            }
            else
            {
                i++;
            }
        }

        return words;
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

    private static void Add(Dictionary<string, List<int>> words, string word, int position)
    {
        if (!words.TryGetValue(word, out var positions))
        {
            words[word] = positions = new List<int>(1);
        }

        positions.Add(position);
    }
}
