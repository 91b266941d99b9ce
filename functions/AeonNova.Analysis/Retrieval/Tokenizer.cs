using System.Text;

namespace AeonNova.Analysis.Retrieval;

/// <summary>
/// Splits text into lower-case terms for BM25: breaks on non-alphanumerics and camelCase humps
/// (KubePodCrashLooping → kube pod crash loop), drops stop words and applies a light, deterministic suffix
/// stemmer (plural -s/-es, -ing, -ed) so that "restarts", "restarting" and "restarted" meet.
/// </summary>
public static class Tokenizer
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in", "into", "is",
        "it", "its", "of", "on", "or", "the", "than", "that", "this", "to", "was", "were", "will", "with",
    ];

    public static List<string> Tokenize(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }
        var word = new StringBuilder(32);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(word, terms);
                continue;
            }
            if (word.Length > 0 && char.IsUpper(c))
            {
                var prev = text[i - 1];
                var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                // "podCrash" → pod|Crash; "CPUUsage" → CPU|Usage.
                if (char.IsLower(prev) || (char.IsUpper(prev) && nextIsLower))
                {
                    Flush(word, terms);
                }
            }
            word.Append(char.ToLowerInvariant(c));
        }
        Flush(word, terms);
        return terms;
    }

    public static string Stem(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length <= 3 || term.Any(char.IsAsciiDigit))
        {
            return term;
        }
        if (term.EndsWith("ing", StringComparison.Ordinal) && term.Length >= 6)
        {
            return UndoubleConsonant(term[..^3]);
        }
        if (term.EndsWith("ed", StringComparison.Ordinal) && term.Length >= 5)
        {
            return UndoubleConsonant(term[..^2]);
        }
        if (term.EndsWith("ies", StringComparison.Ordinal) && term.Length >= 5)
        {
            return term[..^3] + "y";
        }
        if (term.EndsWith("sses", StringComparison.Ordinal) || term.EndsWith("xes", StringComparison.Ordinal)
            || term.EndsWith("ches", StringComparison.Ordinal) || term.EndsWith("shes", StringComparison.Ordinal))
        {
            return term[..^2];
        }
        if (term.EndsWith('s') && !term.EndsWith("ss", StringComparison.Ordinal)
            && !term.EndsWith("us", StringComparison.Ordinal) && !term.EndsWith("is", StringComparison.Ordinal))
        {
            return term[..^1];
        }
        return term;
    }

    private static string UndoubleConsonant(string stem) =>
        stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !"aeiou".Contains(stem[^1], StringComparison.Ordinal)
            ? stem[..^1]
            : stem;

    private static void Flush(StringBuilder word, List<string> terms)
    {
        if (word.Length == 0)
        {
            return;
        }
        var term = word.ToString();
        word.Clear();
        if (term.Length < 2 || StopWords.Contains(term))
        {
            return;
        }
        terms.Add(Stem(term));
    }
}
