using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;

namespace AeonNova.Approvals.Tests;

public sealed class ApprovalPolicyLoaderTests
{
    [Fact]
    public void LoadFile_WhenExamplePolicy_ShouldGiveResponseTimesAndEscalationTargetsBySeverity()
    {
        var policy = ApprovalPolicyLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "approval-policy.json"));

        Assert.Equal(TimeSpan.FromMinutes(15), policy.ResponseTime(AlertSeverity.Critical));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.ResponseTime(AlertSeverity.High));
        Assert.Equal(TimeSpan.FromHours(2), policy.ResponseTime(AlertSeverity.Medium));
        Assert.Equal(TimeSpan.FromHours(24), policy.ResponseTime(AlertSeverity.Low));
        Assert.Equal(["cto@example.com"], policy.ApproversFor(AlertSeverity.Critical, "production", 1).Select(a => a.Email));
        Assert.Equal(["lead@example.com"], policy.ApproversFor(AlertSeverity.High, "production", 1).Select(a => a.Email));
        Assert.Equal(["manager@example.com"], policy.ApproversFor(AlertSeverity.Medium, "production", 1).Select(a => a.Email));
        Assert.Contains("oncall@example.com", policy.ApproversFor(AlertSeverity.Low, "production", 1).Select(a => a.Email));
        // Developers may approve low-severity production fixes but not critical ones.
        Assert.DoesNotContain("dev@example.com", policy.ApproversFor(AlertSeverity.Critical, "production", 0).Select(a => a.Email));
        Assert.Contains("dev@example.com", policy.ApproversFor(AlertSeverity.Low, "production", 0).Select(a => a.Email));
        Assert.Contains("dev@example.com", policy.ApproversFor(AlertSeverity.Critical, "staging", 0).Select(a => a.Email));
    }

    [Theory]
    [InlineData("""{"people":[{"name":"A","email":"a@x","role":"Root","tiers":["t"]}]}""", "$.people[0].role")]
    [InlineData("""{"people":[{"name":"A","email":"nomail","role":"Admin","tiers":["t"]}],"severities":{},"environments":{}}""", "people[0].email 'nomail'")]
    [InlineData("""{"people":[{"name":"A","email":"a@x","role":"Admin","tiers":["t"]}],"severities":{"critical":{"responseMinutes":15,"tiers":["nobody"]}},"environments":{}}""", "severities.critical.tiers[0] 'nobody'")]
    [InlineData("""{"people":[{"name":"A","email":"a@x","role":"Admin","tiers":["t"]}],"severities":{"critical":{"responseMinutes":15,"tiers":["t"]}},"environments":{"*":{}}}""", "severities.high is missing")]
    [InlineData("""{"people":[{"name":"A","email":"a@x","role":"Admin","tiers":["t"]}],"severities":{"urgent":{"responseMinutes":15,"tiers":["t"]}},"environments":{}}""", "severities.urgent: unknown severity")]
    [InlineData("{ not json", "policy.json: invalid approval policy")]
    public void Parse_WhenPolicyIsBad_ShouldNameTheFileAndField(string json, string expected)
    {
        var error = Assert.Throws<ApprovalPolicyException>(() => ApprovalPolicyLoader.Parse(json, "policy.json"));

        Assert.StartsWith("policy.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_WhenMissing_ShouldSayWhichFile()
    {
        var error = Assert.Throws<ApprovalPolicyException>(() => ApprovalPolicyLoader.LoadFile("/nonexistent/approval-policy.json"));

        Assert.Contains("/nonexistent/approval-policy.json: cannot read approval policy", error.Message, StringComparison.Ordinal);
    }
}
