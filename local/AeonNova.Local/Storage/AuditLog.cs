namespace AeonNova.Local.Storage;

/// <summary>Port: append-only audit trail (who did what to which execution/approval, when).</summary>
public interface IAuditLog
{
    void Append(string actor, string action, string subject, string? detail = null);
    IReadOnlyList<AuditEntry> Recent(int limit, string? subject = null);
}

public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase database;
    private readonly TimeProvider clock;

    public SqliteAuditLog(SqliteDatabase database, TimeProvider clock)
    {
        this.database = database;
        this.clock = clock;
    }

    public void Append(string actor, string action, string subject, string? detail = null)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("INSERT INTO audit(at, actor, action, subject, detail) VALUES($at, $actor, $action, $subject, $detail)")
            .With("$at", clock.GetUtcNow().Ms()).With("$actor", actor).With("$action", action).With("$subject", subject).With("$detail", detail);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<AuditEntry> Recent(int limit, string? subject = null)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT id, at, actor, action, subject, detail FROM audit WHERE ($subject IS NULL OR subject = $subject) ORDER BY id DESC LIMIT $limit")
            .With("$limit", limit).With("$subject", subject);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.At(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.NullableString(5)));
        }
        return entries;
    }
}
