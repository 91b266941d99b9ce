using System.Globalization;
using System.Text;
using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Planning;

namespace AeonNova.Approvals.Email;

/// <summary>Subject, plain text and HTML of an approval request. Never contains the task token.</summary>
public sealed record ApprovalEmail(string Subject, string Text, string Html, IReadOnlyList<IssuedLink> Links);

/// <summary>
/// Renders the approval request email. Alert text is untrusted: it is stripped of control characters,
/// truncated, and HTML-encoded; the links only open the confirmation page (GET never decides).
/// </summary>
public static class ApprovalEmailRenderer
{
    public static ApprovalEmail Render(ApprovalRecord record, IReadOnlyList<IssuedLink> links)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(links);
        var alert = record.Alert;
        var severity = ApprovalPolicy.SeverityKey(alert.Severity).ToUpperInvariant();
        var host = string.IsNullOrWhiteSpace(alert.Host) ? "unknown host" : Clean(alert.Host, 80);
        var subject = $"[AeonNova approval][{severity}] {host}: {Clean(alert.Title, 120)}";
        return new ApprovalEmail(subject, Text(record, links), Html(record, subject, links), links);
    }

    /// <summary>
    /// The notice WaitForApproval publishes (it lands in execution state and history): the alert, the risk and the
    /// names of the current tier's approvers, but no link: each approver's link goes out in a message of its own.
    /// </summary>
    public static ApprovalEmail Notice(ApprovalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rendered = Render(record, []);
        var approvers = record.Links.Where(l => l.Active && l.Tier == record.Tier).Select(l => l.Approver)
            .DistinctBy(a => a.Email, StringComparer.OrdinalIgnoreCase)
            .Select(a => $"{Clean(a.Name, 80)} ({a.Role})");
        var text = rendered.Text + $"Waiting for: {string.Join(", ", approvers)}. Each of them receives a personal link separately.\n";
        return rendered with { Text = text };
    }

    private static string Text(ApprovalRecord record, IReadOnlyList<IssuedLink> links)
    {
        var a = record.Alert;
        var sb = new StringBuilder();
        sb.Append("A remediation script is waiting for your approval.\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Alert:       {Clean(a.Title, 200)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Severity:    {ApprovalPolicy.SeverityKey(a.Severity)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Host:        {Clean(a.Host, 120)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Environment: {Clean(a.Environment, 60)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Diagnosis:   {Clean(record.Plan.Diagnosis, 400)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Risk:        {Clean(record.Plan.Risk, 20)}; safety verdict {record.Safety.Verdict.ToString().ToLowerInvariant()}, score {record.Safety.RiskScore}/100, {record.Safety.Findings.Count} finding(s)\n");
        sb.Append(CultureInfo.InvariantCulture, $"Script:      {ScriptLine(record.Plan.Script)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Rollback:    {RollbackLine(record.Plan)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Approval:    SHA-256 {record.ScriptSha256} (covers the script{(record.Plan.RollbackScript is null ? "" : " and the rollback")})\n");
        sb.Append(CultureInfo.InvariantCulture, $"Expires:     {HtmlText.Utc(record.ExpiresAt)}\n\n");
        sb.Append("Open your personal link to review the full script and decide. Opening the link does not approve\n");
        sb.Append("anything; you confirm on the page. Do not forward: each link works only for the person named.\n\n");
        foreach (var link in links)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{link.Name} ({link.Role}):\n{link.Url}\n\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Approval {record.Id}, tier {record.TierName}.\n");
        return sb.ToString();
    }

    private static string Html(ApprovalRecord record, string subject, IReadOnlyList<IssuedLink> links)
    {
        var a = record.Alert;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{HtmlText.Encode(subject)}</title></head>\n");
        sb.Append("<body style=\"font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem\">\n");
        sb.Append("<h1 style=\"font-size:1.25rem\">Remediation waiting for your approval</h1>\n<table>\n");
        Row(sb, "Alert", Clean(a.Title, 200));
        Row(sb, "Severity", ApprovalPolicy.SeverityKey(a.Severity));
        Row(sb, "Host", Clean(a.Host, 120));
        Row(sb, "Environment", Clean(a.Environment, 60));
        Row(sb, "Diagnosis", Clean(record.Plan.Diagnosis, 400));
        Row(sb, "Risk", $"{Clean(record.Plan.Risk, 20)}; verdict {record.Safety.Verdict.ToString().ToLowerInvariant()}, score {record.Safety.RiskScore}/100, {record.Safety.Findings.Count} finding(s)");
        Row(sb, "Script", ScriptLine(record.Plan.Script));
        Row(sb, "Rollback", RollbackLine(record.Plan));
        Row(sb, "Approval SHA-256", record.ScriptSha256);
        Row(sb, "Expires", HtmlText.Utc(record.ExpiresAt));
        sb.Append("</table>\n<p>Open your personal link to review the full script and decide. Opening it does not approve anything.</p>\n<ul>\n");
        foreach (var link in links)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"{HtmlText.Encode(link.Url)}\">Review as {HtmlText.Encode(link.Name)}</a> ({link.Role})</li>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"</ul>\n<p style=\"color:#555\">Approval {record.Id}, tier {HtmlText.Encode(record.TierName)}.</p>\n</body></html>\n");
        return sb.ToString();
    }

    private static string ScriptLine(PlanScript script) =>
        $"{script.Language.ToString().ToLowerInvariant()}, {script.Body.TrimEnd('\n').Split('\n').Length} line(s), SHA-256 {PlanDigest.Sha256Hex(script.Body)}";

    /// <summary>The rollback that runs if verification fails (its hash), or why there is none.</summary>
    private static string RollbackLine(RemediationPlan plan) => plan.RollbackScript is { } rollback
        ? ScriptLine(rollback) + "; runs automatically if verification fails"
        : "none: " + Clean(string.IsNullOrEmpty(plan.NoRollbackReason) ? "the plan names none" : plan.NoRollbackReason, 300);

    private static void Row(StringBuilder sb, string name, string value) =>
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th style=\"text-align:left;padding-right:1em\">{name}</th><td>{HtmlText.Encode(value)}</td></tr>\n");

    /// <summary>One line, no control characters (header injection), at most <paramref name="max"/> characters.</summary>
    internal static string Clean(string value, int max)
    {
        var chars = value.Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        var text = new string(chars).Trim();
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
