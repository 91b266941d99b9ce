using AeonNova.Core;

namespace AeonNova.Core.Tests;

public sealed class GlobTests
{
    [Theory]
    [InlineData("NodeDiskFullSoon", "*DiskFull*")]
    [InlineData("nodediskfullsoon", "*DiskFull*")]
    [InlineData("Disk space is low on /var", "*Space is*low*")]
    [InlineData("web-1", "web-?")]
    [InlineData("web-1", "*")]
    [InlineData("", "*")]
    [InlineData("", "")]
    [InlineData("a*xb", "a*b")]
    [InlineData("aXbXc", "a*b*c")]
    [InlineData("abababc", "*ab*c")]
    [InlineData("WIN-DB-1", "win-db-*")]
    public void IsMatch_WhenTheTextFitsThePattern_ShouldMatch(string text, string pattern)
    {
        Assert.True(Glob.IsMatch(text, pattern));
    }

    [Theory]
    [InlineData("NodeDiskFull", "*DiskFull?")]
    [InlineData("web-10", "web-?")]
    [InlineData("web", "web-*")]
    [InlineData("xweb-1", "web-*")]
    [InlineData("abc", "")]
    [InlineData("a.b", "a?c")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "*a*a*a*a*a*a*a*a*b")]
    public void IsMatch_WhenTheTextDoesNotFitThePattern_ShouldNotMatch(string text, string pattern)
    {
        Assert.False(Glob.IsMatch(text, pattern));
    }
}
