using AeonNova.Analysis.Retrieval;

namespace AeonNova.Analysis.Tests.Retrieval;

public class TokenizerTests
{
    [Theory]
    [InlineData("KubePodCrashLooping", new[] { "kube", "pod", "crash", "loop" })]
    [InlineData("HighCPUUsage on web-1", new[] { "high", "cpu", "usage", "web" })]
    [InlineData("Disk space is low on /var", new[] { "disk", "space", "low", "var" })]
    [InlineData("nginx 5xx errors", new[] { "nginx", "5xx", "error" })]
    [InlineData("restarts restarting restarted", new[] { "restart", "restart", "restart" })]
    [InlineData("processes queries running", new[] { "process", "query", "run" })]
    public void Tokenize_WhenText_ShouldSplitLowerCaseAndStem(string text, string[] expected)
    {
        Assert.Equal(expected, Tokenizer.Tokenize(text));
    }

    [Fact]
    public void Tokenize_WhenEmptyOrNull_ShouldReturnNothing()
    {
        Assert.Empty(Tokenizer.Tokenize(null));
        Assert.Empty(Tokenizer.Tokenize(" - / "));
    }
}
