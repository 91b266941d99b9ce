using System.Text.RegularExpressions;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Ui;

/// <summary>Read-only lookups the UI needs besides the engine: approval rows, outbox links, commands.</summary>
public static partial class ApprovalQueries
{
    public sealed record OpenApproval(string Id, string ExecutionId, string Status, DateTimeOffset ExpiresAt, string Title);

    public static string? Status(SqliteDatabase database, string approvalId)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT status FROM approvals WHERE id = $id").With("$id", approvalId);
        return command.ExecuteScalar() as string;
    }

    public static IReadOnlyList<OpenApproval> Open(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.Command("""
            SELECT id, execution_id, status, expires_at, coalesce(json_extract(doc, '$.alert.title'), '') FROM approvals
            WHERE status IN ('pending', 'escalated') ORDER BY expires_at
            """);
        using var r = command.ExecuteReader();
        var list = new List<OpenApproval>();
        while (r.Read())
        {
            list.Add(new OpenApproval(r.GetString(0), r.GetString(1), r.GetString(2), r.At(3), r.GetString(4)));
        }
        return list;
    }

    /// <summary>
    /// The approval links of the newest outbox email for this approval. The outbox is this machine's mail, so the
    /// operator who can read the UI can read it anyway; the link still needs its one-time token to decide.
    /// </summary>
    public static IReadOnlyList<(string Approver, string Url)> OutboxLinks(string outboxDirectory, string approvalId)
    {
        if (!Directory.Exists(outboxDirectory))
        {
            return [];
        }
        var newest = Directory.GetFiles(outboxDirectory, $"*-{approvalId}-*.eml").Order(StringComparer.Ordinal).LastOrDefault();
        if (newest is null)
        {
            return [];
        }
        var text = File.ReadAllText(newest);
        var to = ToHeader().Match(text) is { Success: true } m ? m.Groups[1].Value.Split(',').Select(s => s.Trim()).ToArray() : [];
        var urls = LinkPattern().Matches(text).Select(x => x.Value).Distinct(StringComparer.Ordinal).ToList();
        return urls.Select((u, i) => (i < to.Length ? to[i] : "", u)).ToList();
    }

    public static IReadOnlyList<CommandResultRow> Commands(SqliteDatabase database, string executionName)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT command_id, host, executor, status, exit_code, coalesce(output, ''), truncated FROM commands WHERE execution_name = $name ORDER BY started_at")
            .With("$name", executionName);
        using var r = command.ExecuteReader();
        var list = new List<CommandResultRow>();
        while (r.Read())
        {
            list.Add(new CommandResultRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.GetString(5), r.GetInt32(6) == 1));
        }
        return list;
    }

    public sealed record CommandResultRow(string CommandId, string Host, string Executor, string Status, int? ExitCode, string Output, bool Truncated);

    [GeneratedRegex(@"https?://[^\s""<>]+/approvals/[A-Za-z0-9_\-]+\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^To: (.+)$", RegexOptions.Multiline)]
    private static partial Regex ToHeader();
}
