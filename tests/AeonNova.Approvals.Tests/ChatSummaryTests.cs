using System.Text.Json.Nodes;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Approvals.Tests.Support;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Approvals.Tests;

/// <summary>The Slack message and the Teams card show the rollback script (or why there is none), as the page and email do.</summary>
public sealed class ChatSummaryTests
{
    private const string Rollback = "cp /var/backups/nginx.conf.bak /etc/nginx/nginx.conf\nsystemctl reload nginx\n";
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<ApprovalRecord> RecordAsync(PlanScript? rollback, string noRollbackReason = "")
    {
        var h = new Harness();
        var request = Harness.LoadRequest();
        request = request with { Plan = request.Plan with { RollbackScript = rollback, NoRollbackReason = noRollbackReason } };
        var prepared = await h.CreateReadyAsync(request);
        return (await h.Store.GetAsync(prepared.ApprovalId, None))!;
    }

    [Fact]
    public async Task Message_WhenThePlanHasARollback_ShouldShowItWithItsHashInSlackAndTeams()
    {
        var record = await RecordAsync(new PlanScript { Language = ScriptLanguage.Bash, Body = Rollback });
        var rollbackHash = PlanDigest.Sha256Hex(Rollback);

        var slack = AllText(SlackBlocks.Message(record, "C1"));
        var teams = AllText(TeamsCards.Card(record));

        foreach (var text in new[] { slack, teams })
        {
            Assert.Contains("Rollback script (bash, runs automatically if verification fails) — SHA-256 " + rollbackHash, text, StringComparison.Ordinal);
            Assert.Contains("cp /var/backups/nginx.conf.bak /etc/nginx/nginx.conf", text, StringComparison.Ordinal);
            Assert.Contains("systemctl reload nginx", text, StringComparison.Ordinal);
            // The buttons carry the approval hash, which covers the script and the rollback.
            Assert.Contains(record.ScriptSha256 + " (covers the script and the rollback)", text, StringComparison.Ordinal);
            Assert.NotEqual(rollbackHash, record.ScriptSha256);
        }
    }

    [Fact]
    public async Task Message_WhenThePlanHasNoRollback_ShouldSayWhyInSlackAndTeams()
    {
        var record = await RecordAsync(null, "deleting rotated archives cannot be undone");

        foreach (var text in new[] { AllText(SlackBlocks.Message(record, "C1")), AllText(TeamsCards.Card(record)) })
        {
            Assert.Contains("Rollback: none — deleting rotated archives cannot be undone. If verification fails, a human is called.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Rollback script (", text, StringComparison.Ordinal);
        }
    }

    /// <summary>Every string in the JSON, unescaped, one per line (what the chat client renders, before markup).</summary>
    private static string AllText(JsonNode node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => p.Value is null ? "" : AllText(p.Value))),
        JsonArray a => string.Join("\n", a.Select(i => i is null ? "" : AllText(i))),
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => "",
    };

    [Fact]
    public async Task Summary_WhenBuilt_ShouldGiveSlackAndTeamsTheSameFactsInTheSameOrder()
    {
        var record = await RecordAsync(null);
        var summary = ApprovalSummary.From(record);

        var slackFields = SlackBlocks.Message(record, "C1")["blocks"]![1]!["fields"]!.AsArray().Select(f => ((string)f!["text"]!).Split('\n')[0].Trim('*'));
        var teamsFacts = TeamsCards.Card(record)["body"]![1]!["facts"]!.AsArray().Select(f => (string)f!["title"]!);

        Assert.Equal(summary.Facts.Select(f => f.Key), slackFields);
        Assert.Equal(summary.Facts.Select(f => f.Key), teamsFacts);
        Assert.Equal(["Alert", "Host", "Severity", "Environment", "Safety verdict", "Expires"], summary.Facts.Select(f => f.Key));
    }
}
