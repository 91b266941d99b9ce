using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Core.Workflow;

/// <summary>
/// ValidateScript's domain: the validator's report plus the policy decision. Block never runs, review
/// always needs a human, and only validator-allowed scripts that the policy names may run without approval.
/// </summary>
public sealed class SafetyGate(IScriptValidator validator, WorkflowOptions options)
{
    public const string ShellDocument = "AWS-RunShellScript";
    public const string PowerShellDocument = "AWS-RunPowerShellScript";

    public SafetyStep Evaluate(CanonicalAlert alert, RemediationPlan plan, string executionName = "")
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(plan);
        var script = plan.Script.Body;
        var report = validator.Validate(script, plan.Script.Language, new ValidationContext { Environment = alert.Environment, File = "plan" });
        var hash = Sha256Hex(script);
        var diagnosticOnly = plan.NeedsHuman;
        var target = TargetInstance(alert);
        // Intake already dropped an invalid host (alert.InvalidTarget); a label-supplied instance id is checked here,
        // so no malformed value ever reaches the executor's target list.
        var targetProblem = alert.InvalidTarget ?? TargetRules.Check(target);
        if (targetProblem is not null)
        {
            target = "";
        }
        var (decision, reason) = report.Verdict == SafetyVerdict.Block
            ? Decide(alert, report, diagnosticOnly)
            : targetProblem is not null
                ? (SafetyDecisions.InvalidTarget, $"the alert's target is refused: {targetProblem}")
                : string.IsNullOrWhiteSpace(target)
                    ? (SafetyDecisions.NoTarget, "the alert names no host or instance to run the script on")
                    : Decide(alert, report, diagnosticOnly);
        return new SafetyStep
        {
            Report = report,
            Decision = decision,
            Reason = reason,
            ScriptSha256 = hash,
            DiagnosticOnly = diagnosticOnly,
            Command = new SsmCommand
            {
                DocumentName = plan.Script.Language == ScriptLanguage.PowerShell ? PowerShellDocument : ShellDocument,
                InstanceIds = [target],
                Commands = [script],
                ExecutionTimeout = [options.CommandTimeoutSeconds.ToString(CultureInfo.InvariantCulture)],
                Comment = Truncate($"AeonNova {executionName} sha256:{hash[..12]}", 100),
            },
        };
    }

    private (string Decision, string Reason) Decide(CanonicalAlert alert, SafetyReport report, bool diagnosticOnly)
    {
        if (report.Verdict == SafetyVerdict.Block)
        {
            var rules = string.Join(", ", report.Findings.Where(f => f.Severity == FindingSeverity.Block).Select(f => f.RuleId).Distinct());
            return (SafetyDecisions.Block, $"validator blocked the script ({rules})");
        }
        if (report.Verdict == SafetyVerdict.Review)
        {
            return (SafetyDecisions.Approval, "validator asks for review");
        }
        if (report.RiskScore > options.MaxAutoRiskScore)
        {
            return (SafetyDecisions.Approval, $"risk score {report.RiskScore} above the auto-run limit {options.MaxAutoRiskScore}");
        }
        if (diagnosticOnly && options.AutoRunDiagnostics)
        {
            return (SafetyDecisions.Auto, "read-only diagnostics allowed by policy");
        }
        if (!diagnosticOnly && options.AutoRunEnvironments.Contains(alert.Environment))
        {
            return (SafetyDecisions.Auto, $"environment '{alert.Environment}' allows validated fixes without approval");
        }
        return (SafetyDecisions.Approval, "policy requires a human approval");
    }

    /// <summary>SSM needs an instance or managed-node id: an explicit label wins over the host name.</summary>
    public static string TargetInstance(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var key in (string[])["instance_id", "instanceId", "InstanceId", "ec2_instance_id"])
        {
            if (alert.Labels.TryGetValue(key, out var id) && !string.IsNullOrWhiteSpace(id))
            {
                return id;
            }
        }
        return alert.Host;
    }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? "")));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
