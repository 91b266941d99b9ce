using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Approvals;
using AeonNova.Core.Cost;
using AeonNova.Local.Auth;
using AeonNova.Local.Hosting;
using AeonNova.Local.Storage;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static AeonNova.Local.Ui.Html;

namespace AeonNova.Local.Ui;

/// <summary>
/// /ui: server-rendered pages, no JavaScript, no front-end build. Executions (filters), one execution as a
/// state-by-state timeline like the Step Functions console, the approvals queue, runbooks and dead letters.
/// </summary>
public static partial class UiEndpoints
{
    public static void Map(WebApplication app, HostServices services)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", () => Results.Redirect("/ui"));
        app.MapGet("/ui", (HttpContext c) => Respond(c, Executions(c.Request, services)));
        var approvals = app.Services.GetRequiredService<ApprovalService>();
        app.MapGet("/ui/executions/{name}", async (HttpContext c, string name) => await Respond(c, await ExecutionAsync(name, services, approvals, OperatorAuth.Current(c))));
        app.MapPost("/ui/approvals/{id}/open", async (HttpContext c, string id) => await OpenOwnApprovalAsync(c, id, approvals));
        app.MapGet("/ui/approvals", (HttpContext c) => Respond(c, Approvals(services)));
        app.MapGet("/ui/runbooks", (HttpContext c) => Respond(c, Runbooks()));
        app.MapGet("/ui/dead-letters", (HttpContext c) => Respond(c, DeadLetters(services, OperatorAuth.Current(c))));
        // The form on /ui/dead-letters (operators; the gate checks the role and that the POST came from our origin).
        app.MapPost("/ui/dead-letters/{id:long}/redrive", (HttpContext c, long id) =>
        {
            var outcome = services.Queue.Redrive(id, OperatorAuth.Current(c)?.Name ?? "operator");
            if (outcome.Status == DeadLetterRedriveStatus.NotFound)
            {
                return Respond(c, (404, Page("Dead letters", $"<p>No dead letter {id}.</p>")));
            }
            c.Response.StatusCode = StatusCodes.Status303SeeOther;
            c.Response.Headers.Location = "/ui/dead-letters";
            return Task.CompletedTask;
        });
    }

    private static Task Respond(HttpContext context, (int Status, string Html) page)
    {
        context.Response.StatusCode = page.Status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.WriteAsync(page.Html, context.RequestAborted);
    }

    private static (int, string) Executions(HttpRequest request, HostServices services)
    {
        var query = LocalHost.QueryFrom(request);
        var list = services.Executions.List(query);
        var now = services.Clock.GetUtcNow();
        var sb = new StringBuilder();
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/ui\">");
        sb.Append("<select name=\"status\" aria-label=\"status\"><option value=\"\">any status</option>");
        foreach (var s in new[] { "RUNNING", "WAITING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED" })
        {
            sb.Append($"<option{(string.Equals(query.Status, s, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{s}</option>");
        }
        sb.Append("</select><select name=\"severity\" aria-label=\"severity\"><option value=\"\">any severity</option>");
        foreach (var s in new[] { "critical", "high", "medium", "low", "info" })
        {
            sb.Append($"<option{(query.Severity == s ? " selected" : "")}>{s}</option>");
        }
        sb.Append($"</select><input name=\"host\" placeholder=\"host\" value=\"{E(query.Host)}\"><input name=\"source\" placeholder=\"source\" value=\"{E(query.Source)}\">");
        sb.Append($"<input name=\"q\" placeholder=\"alert text or id\" value=\"{E(query.Text)}\"><button>Filter</button></form>");
        if (list.Count == 0)
        {
            sb.Append("<p class=\"muted\">No executions yet. Send an alert: <code>aeonnova send --source alertmanager samples/alerts/alertmanager/firing.json</code></p>");
        }
        else
        {
            sb.Append("<table><thead><tr><th>Execution</th><th>Status</th><th>State</th><th>Alert</th><th>Host</th><th>Severity</th><th>Source</th><th>Age</th><th title=\"recorded by RecordOutcome, at AWS prices\">Cost</th></tr></thead><tbody>");
            foreach (var e in list)
            {
                sb.Append($"<tr><td><a href=\"/ui/executions/{Uri.EscapeDataString(e.Name)}\">{E(e.Name)}</a></td>");
                sb.Append($"<td>{StatusBadge(e.Status, e.Waiting && e.Status == "RUNNING")}</td><td>{E(e.CurrentState)}</td><td>{E(e.Title)}</td>");
                sb.Append($"<td>{E(e.Host)}</td><td class=\"sev-{E(e.Severity)}\">{E(e.Severity)}</td><td>{E(e.Source)}</td><td title=\"{Time(e.StartDate)}\">{Age(e.StartDate, now)}</td><td>{Usd(services.Records.CostOf(e.ExecutionArn))}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        return (200, Page("Executions", sb.ToString()));
    }

    private static async Task<(int, string)> ExecutionAsync(string name, HostServices services, ApprovalService approvals, SignedInOperator? viewer)
    {
        var snapshot = services.Executions.Find(name);
        if (snapshot is null)
        {
            return (404, Page("Execution not found", $"<p>No execution named <code>{E(name)}</code>. <a href=\"/ui\">All executions</a></p>"));
        }
        var json = LocalHost.ExecutionJson(snapshot);
        var alert = json["input"]?["alert"];
        var waiting = snapshot.Status == ExecutionStatus.Running && snapshot.Checkpoint?.TaskToken is not null;
        var sb = new StringBuilder();
        sb.Append("<div class=\"box\">");
        sb.Append($"<p>{StatusBadge(snapshot.Status.ToApiString(), waiting)} in <strong>{E(snapshot.Checkpoint?.StateName ?? LastState(snapshot))}</strong> · started {Time(snapshot.StartDate)}");
        if (snapshot.StopDate is { } stop)
        {
            sb.Append($" · stopped {Time(stop)}");
        }
        sb.Append("</p>");
        if (alert is not null)
        {
            sb.Append($"<p><strong>{E(Str(alert, "title"))}</strong> on <strong>{E(Str(alert, "host"))}</strong> · <span class=\"sev-{E(Str(alert, "severity"))}\">{E(Str(alert, "severity"))}</span> · {E(Str(alert, "source"))} · alert <code>{E(Str(alert, "id"))}</code></p>");
        }
        if (snapshot.Error is not null)
        {
            sb.Append($"<p class=\"sev-critical\">{E(snapshot.Error)}: {E(snapshot.Cause)}</p>");
        }
        if (await services.Records.GetAsync(snapshot.ExecutionArn) is { } record && ExecutionCost.TotalOf(record.Attributes) is { } usd)
        {
            string A(string key) => E(record.Attributes.GetValueOrDefault(key, ""));
            sb.Append($"<p class=\"cost\"><strong>Cost (AWS prices):</strong> {Usd(usd)} · {A(CostAttributes.Transitions)} state transitions · " +
                $"{A(CostAttributes.LambdaInvocations)} Lambda invocations, {A(CostAttributes.LambdaGbSeconds)} GB-s · " +
                $"{A(CostAttributes.InputTokens)} input / {A(CostAttributes.OutputTokens)} output tokens ({A(CostAttributes.Model)}) · " +
                $"{A(CostAttributes.SsmCommands)} SSM commands</p>");
        }
        sb.Append("</div>");
        await AppendApprovalAsync(sb, json, approvals, viewer);
        AppendCommands(sb, snapshot, services);
        sb.Append("<h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var step in Steps(json["history"]?.AsArray()))
        {
            sb.Append($"<li class=\"{step.Css}\"><strong>{E(step.State)}</strong> <span class=\"muted\">{E(step.Kind)} · {E(step.Time)}</span>");
            if (step.Error is not null)
            {
                sb.Append($"<div class=\"sev-critical\">{E(step.Error)}</div>");
            }
            AppendHighlights(sb, step.Output);
            if (step.Input is not null)
            {
                sb.Append($"<details><summary>Input</summary><pre>{E(Pretty(step.Input))}</pre></details>");
            }
            if (step.Output is not null)
            {
                sb.Append($"<details><summary>Output</summary><pre>{E(Pretty(step.Output))}</pre></details>");
            }
            sb.Append("</li>");
        }
        sb.Append("</ol>");
        return (200, Page($"Execution {snapshot.Name}", sb.ToString()));
    }

    /// <summary>USD with enough digits for a single execution (fractions of a cent); "—" when none is recorded.</summary>
    private static string Usd(double? usd) =>
        usd is { } value ? "$" + value.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>Plan, script and safety findings, wherever a state put them in its output.</summary>
    private static void AppendHighlights(StringBuilder sb, JsonNode? output)
    {
        if (output is not JsonObject obj)
        {
            return;
        }
        if (obj["plan"] is JsonObject plan)
        {
            sb.Append($"<p><strong>Plan:</strong> {E(Str(plan, "summary"))} <span class=\"muted\">({E(Str(plan, "model"))}, runbook {E(Str(plan, "runbookId"))})</span></p>");
            if (plan["script"] is JsonObject script)
            {
                sb.Append($"<p class=\"muted\">Script ({E(Str(script, "language"))})</p><pre>{E(Str(script, "body"))}</pre>");
            }
        }
        if (obj["safety"] is JsonObject safety)
        {
            sb.Append($"<p><strong>Safety:</strong> {E(Str(safety, "verdict"))}, risk {E(safety["riskScore"]?.ToString())}</p>");
            foreach (var f in safety["findings"]?.AsArray() ?? [])
            {
                sb.Append($"<div class=\"finding\">• <code>{E(Str(f, "ruleId"))}</code> {E(Str(f, "severity"))} line {E(f?["line"]?.ToString())}: {E(Str(f, "message"))}</div>");
            }
        }
    }

    /// <summary>
    /// Who must decide, never a link: a link is a bearer credential for one person. A signed-in operator who is one
    /// of the current approvers gets a button that issues a fresh link for them alone and opens it.
    /// </summary>
    private static async Task AppendApprovalAsync(StringBuilder sb, JsonObject execution, ApprovalService approvals, SignedInOperator? viewer)
    {
        var approvalId = FindString(execution["history"], "approvalId");
        if (approvalId is null)
        {
            return;
        }
        var record = await approvals.GetAsync(approvalId, CancellationToken.None);
        sb.Append($"<h2>Approval</h2><div class=\"box\"><p>Approval <code>{E(approvalId)}</code>: <strong>{E(record?.Status.ToString().ToLowerInvariant() ?? "unknown")}</strong>");
        if (record is null)
        {
            sb.Append("</p></div>");
            return;
        }
        sb.Append($" · tier {E(record.TierName)} · expires {Time(record.ExpiresAt)}</p>");
        if (record.Decision is { } decision)
        {
            sb.Append($"<p>Decided{(decision.Via.Length > 0 ? $" in {E(decision.Via)}" : "")}: <strong>{E(decision.Outcome.ToString().ToLowerInvariant())}</strong> by {E(decision.By)} at {Time(decision.At)}</p>");
        }
        if (record.Status.IsOpen())
        {
            var waitingFor = record.Links.Where(l => l.Active && l.Tier == record.Tier).Select(l => l.Approver).DistinctBy(a => a.Email, StringComparer.OrdinalIgnoreCase).ToList();
            sb.Append("<p>Waiting for one of:</p><ul class=\"approvers\">");
            foreach (var approver in waitingFor)
            {
                sb.Append($"<li>{E(approver.Name)} <span class=\"muted\">({E(approver.Role.ToString().ToLowerInvariant())}, {E(approver.Email)})</span></li>");
            }
            sb.Append("</ul>");
            if (viewer is not null && ApprovalService.CurrentApprover(record, viewer.Email) is not null)
            {
                sb.Append($"<form method=\"post\" action=\"/ui/approvals/{E(approvalId)}/open\"><button class=\"open-own-approval\" type=\"submit\">Open my approval page</button></form>");
            }
            else
            {
                sb.Append("<p class=\"muted\">Each approver received a personal link by email; only they can decide.</p>");
            }
        }
        sb.Append("</div>");
    }

    private static async Task OpenOwnApprovalAsync(HttpContext context, string approvalId, ApprovalService approvals)
    {
        var viewer = OperatorAuth.Current(context);
        var url = viewer is null || !AeonNova.Approvals.Links.LinkTokens.IsWellFormedApprovalId(approvalId)
            ? null
            : await approvals.IssueOwnLinkAsync(approvalId, viewer.Email, context.RequestAborted);
        if (url is null)
        {
            await Respond(context, (403, Page("Not your approval", "<p>You are not one of the current approvers of this approval, or it is no longer open.</p>")));
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(new Uri(url).PathAndQuery);
    }

    private static void AppendCommands(StringBuilder sb, ExecutionSnapshot snapshot, HostServices services)
    {
        var commands = ApprovalQueries.Commands(services.Database, snapshot.Name);
        if (commands.Count == 0)
        {
            return;
        }
        sb.Append("<h2>Commands</h2>");
        foreach (var c in commands)
        {
            sb.Append($"<div class=\"box\"><p><code>{E(c.CommandId)}</code> on <strong>{E(c.Host)}</strong> via {E(c.Executor)}: <strong>{E(c.Status)}</strong> exit {E(c.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}{(c.Truncated ? " (output truncated)" : "")}</p><pre>{E(c.Output)}</pre></div>");
        }
    }

    private static (int, string) Approvals(HostServices services)
    {
        var open = ApprovalQueries.Open(services.Database);
        var sb = new StringBuilder();
        if (open.Count == 0)
        {
            sb.Append("<p class=\"muted\">No approvals are waiting.</p>");
        }
        else
        {
            sb.Append("<table><thead><tr><th>Approval</th><th>Status</th><th>Execution</th><th>Alert</th><th>Expires</th></tr></thead><tbody>");
            foreach (var a in open)
            {
                var execution = services.Executions.Find(a.ExecutionId);
                sb.Append($"<tr><td><code>{E(a.Id)}</code></td><td>{E(a.Status)}</td>");
                sb.Append(execution is null
                    ? $"<td>{E(a.ExecutionId)}</td>"
                    : $"<td><a href=\"/ui/executions/{Uri.EscapeDataString(execution.Name)}\">{E(execution.Name)}</a></td>");
                sb.Append($"<td>{E(a.Title)}</td><td>{Time(a.ExpiresAt)}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        return (200, Page("Approvals waiting", sb.ToString()));
    }

    private static (int, string) Runbooks()
    {
        var dir = RepoFolders.Find("runbooks");
        var sb = new StringBuilder("<table><thead><tr><th>Runbook</th><th>Title</th></tr></thead><tbody>");
        foreach (var file in (Directory.Exists(dir) ? Directory.GetFiles(dir, "*.md", SearchOption.AllDirectories) : []).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var title = TitleLine().Match(text) is { Success: true } m ? m.Groups[1].Value.Trim().Trim('"') : Path.GetFileNameWithoutExtension(file);
            sb.Append($"<tr><td><code>{E(Path.GetFileNameWithoutExtension(file))}</code></td><td>{E(title)}</td></tr>");
        }
        sb.Append("</tbody></table>");
        return (200, Page("Runbooks", sb.ToString()));
    }

    private static (int, string) DeadLetters(HostServices services, SignedInOperator? viewer)
    {
        var canRedrive = viewer is { Role: >= OperatorRole.Operator };
        var letters = services.Queue.DeadLetters(200);
        var sb = new StringBuilder();
        if (letters.Count == 0)
        {
            sb.Append("<p class=\"muted\">No dead letters.</p>");
        }
        else
        {
            sb.Append("<table><thead><tr><th>Id</th><th>Failed</th><th>Attempts</th><th>Error</th><th>Message</th><th>Re-drive</th></tr></thead><tbody>");
            foreach (var d in letters)
            {
                var body = d.Body.Length > 2000 ? d.Body[..2000] + "…" : d.Body;
                var redrive = d.RedrivenAt is { } at
                    ? $"re-driven {Time(at)} by {E(d.RedrivenBy)} (queue message {d.RedrivenAs})"
                    : canRedrive ? $"<form method=\"post\" action=\"/ui/dead-letters/{d.Id}/redrive\"><button type=\"submit\">Re-drive</button></form>" : "";
                sb.Append($"<tr><td>{d.Id}</td><td>{Time(d.FailedAt)}</td><td>{d.Attempts}</td><td>{E(d.Error)}</td><td><details><summary>body</summary><pre>{E(body)}</pre></details></td><td>{redrive}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        return (200, Page("Dead letters", sb.ToString()));
    }

    private sealed record Step(string State, string Kind, string Time, string Css, JsonNode? Input, JsonNode? Output, string? Error);

    /// <summary>Folds Entered/Exited pairs into one step per state visit; failures and waits marked.</summary>
    private static List<Step> Steps(JsonArray? history)
    {
        var steps = new List<Step>();
        if (history is null)
        {
            return steps;
        }
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in history)
        {
            var type = Str(e, "type");
            var state = Str(e, "stateName");
            var time = Str(e, "timestamp");
            if (type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                open[state] = steps.Count;
                steps.Add(new Step(state, type.Replace("StateEntered", "", StringComparison.Ordinal), time, "wait", e?["input"], null, null));
            }
            else if (type.EndsWith("StateExited", StringComparison.Ordinal) && open.Remove(state, out var index))
            {
                steps[index] = steps[index] with { Css = "ok", Output = e?["output"] };
            }
            else if (type.EndsWith("Failed", StringComparison.Ordinal) || type.EndsWith("TimedOut", StringComparison.Ordinal))
            {
                var last = steps.Count - 1;
                var error = $"{type}: {Str(e, "error")} {Str(e, "cause")}".Trim();
                if (last >= 0 && !type.StartsWith("Execution", StringComparison.Ordinal))
                {
                    steps[last] = steps[last] with { Css = "bad", Error = error };
                }
                else
                {
                    steps.Add(new Step(type, "Execution", time, "bad", null, null, error));
                }
            }
            else if (type is "ExecutionSucceeded" or "ExecutionAborted")
            {
                steps.Add(new Step(type, "Execution", time, type == "ExecutionSucceeded" ? "ok" : "bad", null, e?["output"], null));
            }
        }
        return steps;
    }

    private static string LastState(ExecutionSnapshot s) => s.History.LastOrDefault(h => h.StateName is not null)?.StateName ?? "";

    private static string Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string? FindString(JsonNode? node, string name)
    {
        switch (node)
        {
            case JsonObject o:
                if (o[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
                {
                    return s;
                }
                foreach (var (_, child) in o)
                {
                    if (FindString(child, name) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (FindString(child, name) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static string Pretty(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine() });

    [GeneratedRegex("^title:\\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();
}
