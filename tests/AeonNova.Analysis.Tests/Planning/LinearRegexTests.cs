using System.Text.RegularExpressions;
using AeonNova.Analysis.Planning;

namespace AeonNova.Analysis.Tests.Planning;

/// <summary>
/// The planner's and loader's patterns must give the same answer on a busy machine as on a quiet one: a wall-clock
/// timeout made serve refuse its own runbooks ("'redis-server' does not match the parameter's pattern") under load.
/// </summary>
public sealed class LinearRegexTests
{
    [Fact]
    public void Create_WhenPatternHasNoBacktrackingFeature_ShouldUseTheLinearEngineWithoutTimeout()
    {
        var regex = LinearRegex.Create("(redis|redis-server)(@[A-Za-z0-9_-]{1,40})?", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void Create_WhenPatternNeedsLookaround_ShouldFallBackToBacktrackingWithATimeout()
    {
        var regex = LinearRegex.Create(@"(?<![\w-])iis(?![\w-])", RegexOptions.IgnoreCase);

        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(LinearRegex.BacktrackingTimeout, regex.MatchTimeout);
        Assert.Matches(regex, "w3svc iis down");
        Assert.DoesNotMatch(regex, "w3svc-iis down");
    }

    [Fact]
    public void IsMatch_WhenPatternIsCatastrophicForBacktracking_ShouldAnswerWithoutTimingOut()
    {
        // (a+)+b against a long run of 'a' is the textbook exponential case for a backtracking engine.
        var regex = ParameterRules.CompilePattern("(a+)+b");

        Assert.False(ParameterRules.IsValid(regex, "string", new string('a', 200)));
        Assert.True(ParameterRules.IsValid(regex, "string", new string('a', 200) + "b"));
    }

    [Theory]
    [InlineData("(apache2|httpd)(\\.service)?", "apache2", true)]
    [InlineData("(apache2|httpd)(\\.service)?", "httpd.service", true)]
    [InlineData("(apache2|httpd)(\\.service)?", "apache2\n", false)]
    [InlineData("[0-9]{1,5}", "65536", true)]
    [InlineData("[0-9]{1,5}", "123456", false)]
    [InlineData("/|(/[A-Za-z0-9_][A-Za-z0-9._-]*)+", "/var/log", true)]
    [InlineData("/|(/[A-Za-z0-9_][A-Za-z0-9._-]*)+", "var/log", false)]
    public void IsValid_WhenRunbookPatternIsLinear_ShouldStillMatchWholeValuesOnly(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, ParameterRules.IsValid(ParameterRules.CompilePattern(pattern), "string", value));
    }
}
