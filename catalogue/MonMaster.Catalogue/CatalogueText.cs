using System.Globalization;
using System.Text;

namespace MonMaster.Catalogue;

/// <summary>
/// How the catalogue compares words: lowercase, without diacritics, ligatures spelled out (œ → oe, æ → ae), split on
/// anything that is not a letter or a digit, French stop words dropped.
/// </summary>
/// <remarks>
/// The services run with <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/> leaves
/// « é » as it is: Latin letters (Latin-1 and Latin Extended-A, all French needs) are folded by a table first; the
/// canonical decomposition then drops the marks of anything else where ICU is available.
/// </remarks>
public static class CatalogueText
{
    /// <summary>Words a query or a field loses: they carry no meaning on their own.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par", "pour", "sur", "un", "une",
    };

    private static readonly string?[] Latin = BuildLatin();

    private static string?[] BuildLatin()
    {
        var table = new string?[0x180 - 0xC0];
        void Set(int from, int to, string value)
        {
            for (var c = from; c <= to; c++) table[c - 0xC0] = value;
        }
        Set(0xC0, 0xC5, "a"); Set(0xC6, 0xC6, "ae"); Set(0xC7, 0xC7, "c"); Set(0xC8, 0xCB, "e"); Set(0xCC, 0xCF, "i");
        Set(0xD0, 0xD0, "d"); Set(0xD1, 0xD1, "n"); Set(0xD2, 0xD6, "o"); Set(0xD8, 0xD8, "o"); Set(0xD9, 0xDC, "u");
        Set(0xDD, 0xDD, "y"); Set(0xDE, 0xDE, "th"); Set(0xDF, 0xDF, "ss");
        Set(0xE0, 0xE5, "a"); Set(0xE6, 0xE6, "ae"); Set(0xE7, 0xE7, "c"); Set(0xE8, 0xEB, "e"); Set(0xEC, 0xEF, "i");
        Set(0xF0, 0xF0, "d"); Set(0xF1, 0xF1, "n"); Set(0xF2, 0xF6, "o"); Set(0xF8, 0xF8, "o"); Set(0xF9, 0xFC, "u");
        Set(0xFD, 0xFD, "y"); Set(0xFE, 0xFE, "th"); Set(0xFF, 0xFF, "y");
        Set(0x100, 0x105, "a"); Set(0x106, 0x10D, "c"); Set(0x10E, 0x111, "d"); Set(0x112, 0x11B, "e"); Set(0x11C, 0x123, "g");
        Set(0x124, 0x127, "h"); Set(0x128, 0x131, "i"); Set(0x132, 0x133, "ij"); Set(0x134, 0x135, "j"); Set(0x136, 0x138, "k");
        Set(0x139, 0x142, "l"); Set(0x143, 0x14B, "n"); Set(0x14C, 0x151, "o"); Set(0x152, 0x153, "oe"); Set(0x154, 0x159, "r");
        Set(0x15A, 0x161, "s"); Set(0x162, 0x167, "t"); Set(0x168, 0x173, "u"); Set(0x174, 0x175, "w"); Set(0x176, 0x178, "y");
        Set(0x179, 0x17E, "z"); Set(0x17F, 0x17F, "s");
        return table;
    }

    /// <summary>Lowercase, without diacritics, ligatures spelled out; everything else kept (« Aix-Marseille Université » → « aix-marseille universite »).</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var ascii = true;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c < 0x80) builder.Append(c);
            else if (c >= 0xC0 && c < 0x180 && Latin[c - 0xC0] is { } folded) builder.Append(folded);
            else
            {
                builder.Append(c);
                ascii = false;
            }
        }
        if (ascii) return builder.ToString();
        var decomposed = builder.ToString().Normalize(NormalizationForm.FormD);
        builder.Clear();
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A filter value as compared: folded and trimmed (« Sorbonne  Université » and « sorbonne universite » are one).</summary>
    public static string Key(string value) => string.Join(' ', Fold(value).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The words of a text, folded, in order, stop words dropped (duplicates kept).</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                var word = folded[start..i];
                if (!StopWords.Contains(word)) words.Add(word);
                start = -1;
            }
        }
        return words;
    }

    /// <summary>
    /// Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions, transpositions of
    /// two neighbours), or <c>max + 1</c> as soon as it is known to exceed <paramref name="max"/>.
    /// </summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);
        var width = b.Length + 1;
        Span<int> rows = width * 3 <= 512 ? stackalloc int[width * 3] : new int[width * 3];
        var beforePrevious = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, beforePrevious[j - 2] + 1);
                current[j] = d;
                if (d < rowMin) rowMin = d;
            }
            if (rowMin > max) return max + 1;
            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return Math.Min(previous[b.Length], max + 1);
    }
}
