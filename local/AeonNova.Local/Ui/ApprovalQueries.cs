using AeonNova.Local.Storage;

namespace AeonNova.Local.Ui;

/// <summary>Read-only lookups the UI needs besides the engine: approval rows and commands (never approval links).</summary>
public static class ApprovalQueries
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
}
