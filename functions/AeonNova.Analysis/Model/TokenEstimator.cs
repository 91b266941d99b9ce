namespace AeonNova.Analysis.Model;

/// <summary>
/// Deterministic token estimate: one token per four characters, rounded up. Close enough to the Nova and
/// Llama tokenizers for budgeting (they average 3.5–4.5 characters per token on English and JSON), and
/// identical on every machine, so budget decisions are reproducible in tests.
/// </summary>
public static class TokenEstimator
{
    public const int CharsPerToken = 4;

    public static int Estimate(string? text) => EstimateChars(text?.Length ?? 0);

    /// <summary>The estimate for a text of <paramref name="chars"/> characters (without building it).</summary>
    public static int EstimateChars(int chars) => chars <= 0 ? 0 : (chars + CharsPerToken - 1) / CharsPerToken;

    public static int CharsFor(int tokens) => Math.Max(0, tokens) * CharsPerToken;

    /// <summary>Cuts text to at most <paramref name="maxChars"/>, marking the cut so a reader knows.</summary>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= maxChars)
        {
            return text;
        }
        const string Marker = " …[truncated]";
        var keep = Math.Max(0, maxChars - Marker.Length);
        return text[..keep] + Marker;
    }
}
