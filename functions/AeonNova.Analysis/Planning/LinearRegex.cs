using System.Text.RegularExpressions;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// Builds the planner's and the runbook loader's regular expressions so that their result never depends on how busy
/// the machine is. A pattern the non-backtracking engine supports runs in time linear in its input (no catastrophic
/// backtracking, so no timeout is needed and none can fire on a CPU-starved host); only a pattern that needs
/// backtracking features (look-arounds, back-references, atomic groups) falls back to the backtracking engine with a
/// match timeout as the guard against hostile alert text.
/// </summary>
/// <remarks>
/// Before this, every pattern ran with a 50 ms wall-clock timeout, and under a load average of 50+ a runbook default
/// such as <c>redis-server</c> could "not match" its own pattern, stopping serve at start-up, or an intent rule could
/// silently miss. The .NET non-backtracking engine reports the same matches as the backtracking one
/// (https://learn.microsoft.com/dotnet/standard/base-types/regular-expression-options#nonbacktracking-mode).
/// </remarks>
public static class LinearRegex
{
    /// <summary>The timeout of the backtracking fallback: a bound against hostile input, not a performance target.</summary>
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(250);

    public static Regex Create(string pattern, RegexOptions options)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var linearOptions = (options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking;
        try
        {
            return new Regex(pattern, linearOptions, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options, BacktrackingTimeout);
        }
    }
}
