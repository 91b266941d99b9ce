using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Approvals.Pages;

/// <summary>A rendered page: HTTP status and HTML.</summary>
public sealed record ApprovalPage(int StatusCode, string Title, string Html);

/// <summary>
/// Server-rendered approval pages: no JavaScript, one inline stylesheet (allowed by its CSP hash), readable on a
/// phone. Pages for links that did not match show nothing about the approval.
/// </summary>
public static class ApprovalPageRenderer
{
    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fafafa}" +
        "main{max-width:52rem;margin:0 auto;padding:1rem}" +
        "h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}" +
        "pre.script{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "font-size:.9rem;background:#fff;border:1px solid #999;padding:.75rem;margin:0}" +
        "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}" +
        ".who,.note{background:#eef4ff;border-left:4px solid #2456c7;padding:.5rem .75rem}" +
        ".finding{margin:.25rem 0}.sev-block{color:#a00000;font-weight:700}.sev-review{color:#8a5a00;font-weight:700}.sev-info{color:#333}" +
        "label{display:block;font-weight:600;margin-top:1rem}textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem}" +
        ".actions{display:flex;flex-wrap:wrap;gap:1rem;margin-top:1rem}" +
        "button{font:inherit;font-size:1.1rem;padding:.75rem 1.5rem;border-radius:.4rem;border:2px solid transparent;cursor:pointer;min-width:9rem}" +
        "button:focus-visible{outline:3px solid #000;outline-offset:2px}" +
        ".approve{background:#146c2e;color:#fff}.reject{background:#fff;color:#a00000;border-color:#a00000}" +
        ".status{font-size:1.1rem}";

    /// <summary>Content-Security-Policy for every page: no scripts at all, only this stylesheet, forms post to self.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The confirmation page: everything the approver needs, and the POST form.</summary>
    public static ApprovalPage Confirm(ApprovalRecord record, Approver approver, string linkToken, string csrf)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(approver);
        var a = record.Alert;
        var plan = record.Plan;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h1>Approve this remediation?</h1>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<p class=\"who\">Approver: <strong>{E(approver.Name)}</strong> ({E(approver.Email)}, {approver.Role}). This link works only for you.</p>\n");

        sb.Append("<section aria-labelledby=\"h-alert\"><h2 id=\"h-alert\">Alert</h2>\n<dl>\n");
        Item(sb, "Title", a.Title);
        Item(sb, "Severity", ApprovalPolicy.SeverityKey(a.Severity));
        Item(sb, "Host", a.Host);
        Item(sb, "Service", a.Service);
        Item(sb, "Environment", a.Environment);
        Item(sb, "Source", a.Source);
        if (a.StartedAt is { } started)
        {
            Item(sb, "Started", HtmlText.Utc(started));
        }
        Item(sb, "Description", a.Description);
        sb.Append("</dl></section>\n");

        sb.Append("<section aria-labelledby=\"h-diag\"><h2 id=\"h-diag\">Diagnosis</h2>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(plan.Diagnosis)}</p>\n");
        if (plan.Summary.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p><strong>Plan:</strong> {E(plan.Summary)}</p>\n");
        }
        if (plan.Steps.Count > 0)
        {
            sb.Append("<ol>\n");
            foreach (var step in plan.Steps)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<li>{E(step)}</li>\n");
            }
            sb.Append("</ol>\n");
        }
        sb.Append("<dl>\n");
        Item(sb, "Verification", plan.Verification);
        Item(sb, "Rollback", plan.Rollback);
        sb.Append("</dl></section>\n");

        sb.Append("<section aria-labelledby=\"h-risk\"><h2 id=\"h-risk\">Risk</h2>\n<dl>\n");
        Item(sb, "Plan risk", plan.Risk);
        Item(sb, "Safety verdict", record.Safety.Verdict.ToString().ToLowerInvariant());
        Item(sb, "Risk score", $"{record.Safety.RiskScore} / 100");
        Item(sb, "Confidence", plan.Confidence.ToString("0.00", CultureInfo.InvariantCulture));
        Item(sb, "Runbook", string.Join(", ", new[] { plan.RunbookId }.Concat(plan.RunbookIds).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)) is { Length: > 0 } rb ? rb : "none (diagnostics only)");
        sb.Append("</dl></section>\n");

        sb.Append(CultureInfo.InvariantCulture,
            $"<section aria-labelledby=\"h-findings\"><h2 id=\"h-findings\">Safety findings ({record.Safety.Findings.Count})</h2>\n");
        if (record.Safety.Findings.Count == 0)
        {
            sb.Append("<p>No findings.</p>\n");
        }
        else
        {
            sb.Append("<ul>\n");
            foreach (var f in record.Safety.Findings)
            {
                var sev = f.Severity switch { FindingSeverity.Block => "block", FindingSeverity.Review => "review", _ => "info" };
                sb.Append(CultureInfo.InvariantCulture,
                    $"<li class=\"finding\"><span class=\"sev-{sev}\">[{sev}]</span> <code>{E(f.RuleId)}</code> line {f.Line}, column {f.Column}: {E(f.Message)}");
                if (f.Text.Length > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" — <code>{E(f.Text)}</code>");
                }
                sb.Append("</li>\n");
            }
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");

        sb.Append("<section aria-labelledby=\"h-script\"><h2 id=\"h-script\">Script</h2>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<p>{plan.Script.Language.ToString().ToLowerInvariant()}, {record.Script.TrimEnd('\n').Split('\n').Length} line(s). SHA-256 <code>{PlanDigest.Sha256Hex(record.Script)}</code></p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<pre class=\"script\" tabindex=\"0\" aria-label=\"Full script\"><code>{E(record.Script)}</code></pre>\n</section>\n");
        sb.Append("<section aria-labelledby=\"h-rollback\"><h2 id=\"h-rollback\">Rollback script</h2>\n");
        if (plan.RollbackScript is { } rollback)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<p>Runs automatically if verification fails. {rollback.Language.ToString().ToLowerInvariant()}, {rollback.Body.TrimEnd('\n').Split('\n').Length} line(s). SHA-256 <code>{PlanDigest.Sha256Hex(rollback.Body)}</code></p>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<pre class=\"script\" tabindex=\"0\" aria-label=\"Full rollback script\"><code>{E(rollback.Body)}</code></pre>\n");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>No rollback: {E(string.IsNullOrEmpty(plan.NoRollbackReason) ? "the plan names none" : plan.NoRollbackReason)}. If verification fails, a human is called.</p>\n");
        }
        sb.Append(CultureInfo.InvariantCulture,
            $"<p>Approval hash (covers the script{(plan.RollbackScript is null ? "" : " and the rollback")}): <code>{record.ScriptSha256}</code></p>\n</section>\n");

        sb.Append(CultureInfo.InvariantCulture,
            $"<p class=\"note\">Expires <time datetime=\"{HtmlText.Iso(record.ExpiresAt)}\">{HtmlText.Utc(record.ExpiresAt)}</time> (tier {E(record.TierName)}). Opening this page changed nothing; only the buttons below decide.</p>\n");

        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{record.Id}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"t\" value=\"{E(linkToken)}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"scriptSha256\" value=\"{record.ScriptSha256}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"csrf\" value=\"{E(csrf)}\">\n");
        sb.Append("<label for=\"comment\">Comment (optional)</label>\n<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"1000\"></textarea>\n");
        sb.Append("<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"approve\" class=\"approve\">Approve</button>");
        sb.Append("<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"reject\">Reject</button></div>\n</form>\n");
        return new ApprovalPage(200, "Approve this remediation?", Layout("Approve this remediation?", sb.ToString()));
    }

    /// <summary>Every page other than the confirmation form.</summary>
    public static ApprovalPage Result(ApprovalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Record;
        return result.Outcome switch
        {
            ApprovalOutcome.Decided when r?.Decision is { } d => Page(200, d.Outcome == DecisionOutcome.Approved ? "Approved" : "Rejected",
                $"Your decision ({d.Outcome.ToWire()}) was recorded at {HtmlText.Utc(d.At)}. The workflow continues; you can close this page.",
                Summary(r)),
            ApprovalOutcome.AlreadyDecided when r?.Decision is { } d => Page(409, "Already decided",
                $"This approval was already {d.Outcome.ToWire()}{Where(d)} by {d.By} at {HtmlText.Utc(d.At)}. Nothing else was changed.",
                Summary(r)),
            ApprovalOutcome.Expired => Page(410, "This approval has expired",
                "The time to respond has passed, so nothing will run on the strength of this link.", r is null ? "" : Summary(r)),
            ApprovalOutcome.Cancelled => Page(410, "Approval cancelled",
                "The alert resolved before anyone decided; the remediation will not run.", r is null ? "" : Summary(r)),
            ApprovalOutcome.Superseded => Page(410, "This link is no longer valid",
                "The approval moved to the next escalation tier and new links were sent. This link no longer works.", ""),
            ApprovalOutcome.ScriptChanged => Page(409, "The script does not match",
                "The script this form was shown with is not the script on record. Nothing was decided. Open the link from your email again to review the current script.", ""),
            ApprovalOutcome.NotAllowed => Page(403, "Not allowed to decide",
                $"Your role{(result.Approver is { } ap ? $" ({ap.Role})" : "")} may not approve this severity in this environment under the current policy. Nothing was decided.", ""),
            ApprovalOutcome.NotReady => Page(409, "Not ready yet — try again",
                "The workflow is not waiting for this approval yet (it was just created or escalated). Nothing was decided; try again in a few seconds.", ""),
            ApprovalOutcome.CallbackFailed => Page(502, "Decision recorded, workflow not notified",
                "Your decision was recorded, but the workflow could not be told. Operators have been alerted through the audit log; do not decide again.", ""),
            _ => Invalid(),
        };
    }

    /// <summary>" in Slack" / " in Teams" for a chat decision, "" for a decision made on the page.</summary>
    private static string Where(ApprovalDecision decision) => decision.Via.Length > 0 ? $" in {decision.Via}" : "";

    /// <summary>Same page for any link that did not match: no id, no status, no names.</summary>
    public static ApprovalPage Invalid() => Page(404, "Link not valid",
        "This approval link is not valid. Check that you opened the complete link from your email.", "");

    public static ApprovalPage Forbidden() => Page(403, "Form expired",
        "This form could not be verified (it may have been opened in another browser or tab). Nothing was decided. Open the link from your email again.", "");

    public static ApprovalPage BadRequest(string why) => Page(400, "Bad request", $"{why} Nothing was decided.", "");

    public static ApprovalPage MethodNotAllowed() => Page(405, "Method not allowed", "Use the link from your email.", "");

    public static ApprovalPage InternalError() => Page(500, "Something went wrong",
        "The approval service failed. Nothing was decided by this request; try again shortly.", "");

    private static string Summary(ApprovalRecord r) =>
        $"<dl>\n<dt>Alert</dt><dd>{E(r.Alert.Title)}</dd>\n<dt>Host</dt><dd>{E(r.Alert.Host)}</dd>\n" +
        $"<dt>Approval SHA-256</dt><dd><code>{r.ScriptSha256}</code></dd>\n</dl>\n";

    private static ApprovalPage Page(int status, string title, string message, string extraHtml) =>
        new(status, title, Layout(title, $"<h1>{E(title)}</h1>\n<p class=\"status\" role=\"status\">{E(message)}</p>\n{extraHtml}"));

    private static string Layout(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"same-origin\">\n" +
        $"<title>{E(title)} · AeonNova</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n";

    private static void Item(StringBuilder sb, string name, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<dt>{name}</dt><dd>{E(value)}</dd>\n");
        }
    }

    private static string E(string? value) => HtmlText.Encode(value);
}
