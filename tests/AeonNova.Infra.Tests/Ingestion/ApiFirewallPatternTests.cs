using System.Text.RegularExpressions;
using AeonNova.Infra.Ingestion;

namespace AeonNova.Infra.Tests.Ingestion;

public sealed class ApiFirewallPatternTests
{
    [Theory]
    [InlineData("262145")]
    [InlineData("262150")]
    [InlineData("263000")]
    [InlineData("300000")]
    [InlineData("999999")]
    [InlineData("1000000")]
    [InlineData("0000262145")]
    public void GreaterThanPattern_WhenValueExceedsLimit_ShouldMatch(string contentLength)
    {
        Assert.Matches(new Regex(ApiFirewall.GreaterThanPattern(262144)), contentLength);
    }

    [Theory]
    [InlineData("262144")]
    [InlineData("262143")]
    [InlineData("99999")]
    [InlineData("0")]
    [InlineData("000262144")]
    [InlineData("26214a")]
    public void GreaterThanPattern_WhenValueWithinLimit_ShouldNotMatch(string contentLength)
    {
        Assert.DoesNotMatch(new Regex(ApiFirewall.GreaterThanPattern(262144)), contentLength);
    }

    [Fact]
    public void GreaterThanPattern_WhenCheckedAgainstEveryNumberNearTheLimit_ShouldAgreeWithNumericComparison()
    {
        const int limit = 1999;
        var regex = new Regex(ApiFirewall.GreaterThanPattern(limit));
        for (var value = 0; value < 30_000; value++)
        {
            Assert.Equal(value > limit, regex.IsMatch(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
