using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Security;

/// <summary>Secrets planted in an alert are redacted at intake: no stored row, file, page, email or JSON holds them.</summary>
[Trait("Category", "Integration")]
public sealed class IntakeRedactionTests
{
    /// <summary>The planted secrets (shared with the AWS intake test).</summary>
    internal static IReadOnlyList<(string Kind, string Text, string Needle)> Secrets => PlantedSecrets.All;

    [Fact]
    public async Task PostAlerts_WhenAlertCarriesTenKindsOfSecret_ShouldStoreShowAndLogNoneOfThem()
    {
        using var logs = new CapturingLoggerProvider();
        await using var host = await RunningHost.StartAsync(logs: logs);
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", "alertmanager", "firing.json")))!;
        foreach (var alert in payload["alerts"]!.AsArray())
        {
            alert!["annotations"]!["description"] = string.Join("\n", Secrets.Select(s => s.Text));
            alert["annotations"]!["summary"] = alert["annotations"]!["summary"]?.GetValue<string>() + " " + Secrets[7].Text;
            alert["labels"]!["dsn"] = Secrets[9].Text;
            alert["labels"]!["token"] = Secrets[5].Text;
        }
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await host.WaitForAsync(list => list.Count >= 2 && list.All(e => e.Status != "RUNNING" || e.Waiting) ? list[0] : null, "both alerts' executions to settle");
        var executions = host.Services.Executions.List(new ExecutionQuery { Limit = 100 });
        var approvalId = await host.WaitForApprovalIdAsync(executions.First(e => e.Waiting).Name);
        // The same webhook, failed for good in the queue (after its last retry): the dead letter keeps it redacted.
        var envelope = new AeonNova.Core.Workflow.AlertEnvelope { Source = "alertmanager", ReceivedAt = DateTimeOffset.UtcNow, Body = payload.ToJsonString() };
        host.PlantDeadLetter(envelope.ToJson(), "dispatch failed for " + Secrets[2].Text);

        var places = new List<(string Where, string Text)>();
        places.AddRange(DatabaseRows(host.Services.Database));
        foreach (var file in Directory.GetFiles(host.Services.DataDir, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith(SqliteDatabase.FileName, StringComparison.Ordinal)))
        {
            places.Add((file, await File.ReadAllTextAsync(file)));
        }
        foreach (var path in new[] { "/ui", "/ui/approvals", "/ui/dead-letters", "/executions" }.Concat(executions.SelectMany(e => new[] { $"/ui/executions/{e.Name}", $"/executions/{e.Name}" })))
        {
            places.Add((path, await host.Http.GetStringAsync(path)));
        }
        var link = Outbox.Links(host.Services.OutboxDirectory, approvalId)[0].Url;
        places.Add(("approval page", await host.Http.GetStringAsync(link)));
        places.AddRange(logs.Entries.Select(e => ("log", e)));
        Assert.Contains(places, p => p.Where == "table dead_letters");
        Assert.Contains(places, p => p.Where == "log");

        Assert.Contains(places, p => p.Text.Contains("[REDACTED", StringComparison.Ordinal));
        foreach (var (kind, _, needle) in Secrets)
        {
            var leaks = places.Where(p => p.Text.Contains(needle, StringComparison.Ordinal)).Select(p => p.Where).ToList();
            Assert.True(leaks.Count == 0, $"{kind} found in: {string.Join(", ", leaks)}");
        }
    }

    /// <summary>Every text value of every row of every table.</summary>
    private static IEnumerable<(string, string)> DatabaseRows(SqliteDatabase database)
    {
        using var connection = database.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new List<(string, string)>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var sb = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    sb.Append(reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
                rows.Add(($"table {table}", sb.ToString()));
            }
        }
        return rows;
    }
}
