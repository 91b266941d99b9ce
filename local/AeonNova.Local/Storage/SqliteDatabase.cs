using AeonNova.Local.Config;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// The one SQLite file (WAL) behind every local store. Each store opens short-lived pooled connections, so
/// readers never wait for the writer and a crash loses nothing that was committed.
/// <para>
/// SQLite has one writer at a time. Writers of this process take turns through <see cref="EnterWrite"/> instead of
/// colliding in SQLite: a colliding write gets SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by putting the
/// thread to sleep for 150 ms before it retries (measured: every accept slower than 100 ms was exactly such a
/// 150/300/450 ms sleep). The turn is handed over the moment the previous write commits. Other processes
/// (the CLI) still meet SQLite's own busy handler (<c>busy_timeout</c>), which polls in 1–100 ms steps.
/// </para>
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string connectionString;
    private readonly string synchronous;
    private readonly SemaphoreSlim writeTurn = new(1, 1);

    /// <summary>&lt;dataDir&gt;/aeonnova.db, created with every store's tables when missing.</summary>
    public SqliteDatabase(string dataDir, StorageOptions options)
        : this(options, Path.Combine(Directory.CreateDirectory(dataDir).FullName, FileName))
    {
    }

    private SqliteDatabase(StorageOptions options, string filePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = Path.GetFullPath(filePath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite's own retry limit for a command that still finds the database busy.
            DefaultTimeout = 30,
        }.ToString();
        synchronous = options.Synchronous == "full" ? "FULL" : "NORMAL";
        EnsureCreated();
    }

    public const string FileName = "aeonnova.db";

    /// <summary>A database at an explicit file path (its folder is created when missing).</summary>
    public static SqliteDatabase AtFile(string filePath, StorageOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        return new SqliteDatabase(options, filePath);
    }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs};";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>How long SQLite itself waits for another process's write lock before reporting busy.</summary>
    public const int BusyTimeoutMs = 5000;

    /// <summary>
    /// Waits for this process's write turn; dispose the result after the write transaction committed (declare it
    /// before the connection, so the connection is disposed first). Never nest two turns, and never await while
    /// holding one. There is deliberately no async variant: an async waiter that is handed the turn holds it
    /// until its continuation gets a thread-pool thread, which under load took hundreds of milliseconds while
    /// every other writer (the ingest queue included) waited behind it.
    /// </summary>
    public WriteTurn EnterWrite()
    {
        writeTurn.Wait();
        return new WriteTurn(writeTurn);
    }

    /// <summary>True when the database answers a trivial query (readiness).</summary>
    public bool IsHealthy()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void EnsureCreated()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS queue(
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, body TEXT NOT NULL,
            enqueued_at INTEGER NOT NULL, visible_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
        CREATE INDEX IF NOT EXISTS queue_visible ON queue(visible_at, id);
        CREATE TABLE IF NOT EXISTS dead_letters(
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, enqueued_at INTEGER NOT NULL,
            failed_at INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alert_state(
            fingerprint TEXT PRIMARY KEY, alert_id TEXT NOT NULL, execution_name TEXT NOT NULL, claimed_at INTEGER NOT NULL,
            cooldown_until INTEGER NOT NULL, last_seen INTEGER NOT NULL, duplicates INTEGER NOT NULL, resolved_at INTEGER);
        CREATE TABLE IF NOT EXISTS executions(
            arn TEXT PRIMARY KEY, name TEXT NOT NULL, state_machine_arn TEXT NOT NULL, status TEXT NOT NULL,
            current_state TEXT NOT NULL, waiting INTEGER NOT NULL, start_ms INTEGER NOT NULL, stop_ms INTEGER,
            alert_id TEXT NOT NULL, fingerprint TEXT NOT NULL, source TEXT NOT NULL, host TEXT NOT NULL,
            severity TEXT NOT NULL, title TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS executions_name ON executions(name);
        CREATE INDEX IF NOT EXISTS executions_status ON executions(status, start_ms);
        CREATE INDEX IF NOT EXISTS executions_alert ON executions(alert_id);
        CREATE TABLE IF NOT EXISTS execution_records(
            execution_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, host TEXT NOT NULL, started_at INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS execution_records_fp ON execution_records(fingerprint, started_at);
        CREATE INDEX IF NOT EXISTS execution_records_host ON execution_records(host, started_at);
        CREATE TABLE IF NOT EXISTS commands(
            command_id TEXT PRIMARY KEY, execution_name TEXT NOT NULL, host TEXT NOT NULL, executor TEXT NOT NULL,
            language TEXT NOT NULL, script TEXT NOT NULL, status TEXT NOT NULL, started_at INTEGER NOT NULL,
            finished_at INTEGER, exit_code INTEGER, output TEXT, truncated INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS command_ledger(
            ledger_key TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, step TEXT NOT NULL, script_sha256 TEXT NOT NULL,
            instance_ids TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            lease_until INTEGER NOT NULL DEFAULT 0, command_id TEXT);
        CREATE TABLE IF NOT EXISTS command_runs(
            id INTEGER PRIMARY KEY AUTOINCREMENT, command_id TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit(
            id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            subject TEXT NOT NULL, detail TEXT);
        """;
}

/// <summary>This process's turn to write to the database (see <see cref="SqliteDatabase.EnterWrite"/>).</summary>
public sealed class WriteTurn : IDisposable
{
    private SemaphoreSlim? turn;

    internal WriteTurn(SemaphoreSlim turn) => this.turn = turn;

    public void Dispose() => Interlocked.Exchange(ref turn, null)?.Release();
}
