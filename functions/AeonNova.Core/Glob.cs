namespace AeonNova.Core;

/// <summary>
/// Case-insensitive glob: '*' any run (empty too), '?' one character, everything else literal. Used for runbook
/// applies-to globs, executor host patterns and known_hosts patterns. Matched directly, never through a regular
/// expression: a greedy scan that resumes after the last '*', O(pattern × text) at worst, never exponential, and
/// nothing to build up front (building hundreds of runbook globs as regular expressions was the largest part of
/// serve's start-up).
/// </summary>
public static class Glob
{
    public static bool IsMatch(string text, string pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            // '*' first: a '*' in the pattern is always a wildcard, even facing a literal '*' in the text.
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                t++;
                p++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
