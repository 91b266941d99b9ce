using AeonNova.Analysis.Retrieval;

namespace AeonNova.Analysis.Tests.Retrieval;

public class RunbookRetrieverTests
{
    private static readonly RunbookRetriever Retriever = new(TestData.Runbooks);

    [Theory]
    [InlineData("disk full /var", "disk-full-linux")]
    [InlineData("inode exhaustion", "inode-exhaustion")]
    [InlineData("KubePodCrashLooping", "kubernetes-pod-crashloop")]
    [InlineData("redis maxmemory evictions", "redis-memory-high")]
    [InlineData("IIS application pool stopped", "iis-app-pool-stopped")]
    [InlineData("certificate expires soon", "certificate-expiry")]
    [InlineData("nginx 502 bad gateway", "nginx-5xx-errors")]
    [InlineData("chrony clock drift", "ntp-clock-drift")]
    [InlineData("rabbitmq queue backlog", "queue-backlog")]
    [InlineData("zabbix agent is not available", "zabbix-agent-down")]
    public void Search_WhenQuery_ShouldRankExpectedRunbookFirst(string query, string expected)
    {
        var hits = Retriever.Search(query, 3);

        Assert.Equal(expected, hits[0].Runbook.Id);
    }

    [Fact]
    public void Search_WhenRepeated_ShouldBeDeterministicWithDescendingScores()
    {
        var first = Retriever.Search("service down restart", 10);
        var second = Retriever.Search("service down restart", 10);

        Assert.Equal(first.Select(h => (h.Runbook.Id, h.Score)), second.Select(h => (h.Runbook.Id, h.Score)));
        Assert.True(first.Zip(first.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Search_WhenAlert_ShouldWeightAlertNameOverDescription()
    {
        var alert = TestData.Alert("RedisMemoryHigh", description: "disk disk disk disk full inode",
            labels: new Dictionary<string, string> { ["alertname"] = "RedisMemoryHigh" });

        var hits = Retriever.Search(alert, 1);

        Assert.Equal("redis-memory-high", hits[0].Runbook.Id);
    }
}
