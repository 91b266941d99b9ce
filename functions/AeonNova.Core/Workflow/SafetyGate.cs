using System.Globalization;
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
        var rollback = EvaluateRollback(alert, plan, target, executionName, diagnosticOnly);
        var (decision, reason) = report.Verdict == SafetyVerdict.Block
            ? Decide(alert, report, diagnosticOnly)
            : rollback.Report is { Verdict: SafetyVerdict.Block } rollbackReport
                ? (SafetyDecisions.Block, $"validator blocked the rollback script ({BlockingRules(rollbackReport)}): a plan whose rollback may not run cannot be approved")
            : targetProblem is not null
                ? (SafetyDecisions.InvalidTarget, $"the alert's target is refused: {targetProblem}")
                : string.IsNullOrWhiteSpace(target)
                    ? (SafetyDecisions.NoTarget, "the alert names no host or instance to run the script on")
                    : Decide(alert, Worse(report, rollback.Report), diagnosticOnly);
        return new SafetyStep
        {
            Report = report,
            Decision = decision,
            Reason = reason,
            ScriptSha256 = hash,
            DiagnosticOnly = diagnosticOnly,
            Command = Command(plan.Script, target, $"AeonNova {executionName} sha256:{hash[..12]}"),
            ApprovalSha256 = PlanDigest.ApprovalSha256(plan),
            Rollback = rollback,
        };
    }

    /// <summary>
    /// The rollback is validated with the same rules and context as the script. A diagnostics-only plan changes
    /// nothing, so it never carries one; a plan without a rollback script keeps its "no inverse" reason.
    /// </summary>
    private RollbackSafety EvaluateRollback(CanonicalAlert alert, RemediationPlan plan, string target, string executionName, bool diagnosticOnly)
    {
        if (plan.RollbackScript is not { } rollback)
        {
            return RollbackSafety.None(string.IsNullOrEmpty(plan.NoRollbackReason) ? "the plan names no rollback" : plan.NoRollbackReason);
        }
        if (rollback.Language != plan.Script.Language)
        {
            throw new WorkflowInputException($"the rollback script is {rollback.Language} but the script is {plan.Script.Language}: both must use one language");
        }
        var report = validator.Validate(rollback.Body, rollback.Language, new ValidationContext { Environment = alert.Environment, File = "rollback" });
        var hash = Sha256Hex(rollback.Body);
        return new RollbackSafety
        {
            // A diagnostics-only plan (or one with a refused target) has nothing to undo and nowhere to run it.
            Available = !diagnosticOnly && report.Verdict != SafetyVerdict.Block && !string.IsNullOrWhiteSpace(target),
            Reason = diagnosticOnly ? "diagnostics only: nothing to roll back" : "",
            Report = report,
            ScriptSha256 = hash,
            // A distinct step key in the comment: the rollback's command is never mistaken for the script's.
            Command = Command(rollback, target, $"AeonNova {executionName} rollback sha256:{hash[..12]}"),
        };
    }

    private SsmCommand Command(PlanScript script, string target, string comment) => new()
    {
        DocumentName = script.Language == ScriptLanguage.PowerShell ? PowerShellDocument : ShellDocument,
        InstanceIds = [target],
        Commands = [script.Body],
        ExecutionTimeout = [options.CommandTimeoutSeconds.ToString(CultureInfo.InvariantCulture)],
        Comment = Truncate(comment, 100),
    };

    /// <summary>The stricter of the two reports decides the policy (review anywhere → approval; the higher risk score).</summary>
    private static SafetyReport Worse(SafetyReport script, SafetyReport? rollback) =>
        rollback is null || (rollback.Verdict <= script.Verdict && rollback.RiskScore <= script.RiskScore)
            ? script
            : script with { Verdict = (SafetyVerdict)Math.Max((int)script.Verdict, (int)rollback.Verdict), RiskScore = Math.Max(script.RiskScore, rollback.RiskScore) };

    private static string BlockingRules(SafetyReport report) =>
        string.Join(", ", report.Findings.Where(f => f.Severity == FindingSeverity.Block).Select(f => f.RuleId).Distinct());

    private (string Decision, string Reason) Decide(CanonicalAlert alert, SafetyReport report, bool diagnosticOnly)
    {
        if (report.Verdict == SafetyVerdict.Block)
        {
            return (SafetyDecisions.Block, $"validator blocked the script ({BlockingRules(report)})");
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

    public static string Sha256Hex(string text) => PlanDigest.Sha256Hex(text);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
