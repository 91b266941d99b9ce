using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Security;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Storage;

/// <summary>Dead letters are stored redacted, stay re-drivable, and a re-drive queues them again without losing the letter.</summary>
[Trait("Category", "Integration")]
public sealed class DeadLetterTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly SqliteDatabase database;
    private readonly SqliteIngestQueue queue;

    public DeadLetterTests()
    {
        database = new SqliteDatabase(dir.Path, new StorageOptions());
        queue = new SqliteIngestQueue(database, new ManualClock(), TimeSpan.FromSeconds(60), 1);
    }

    public void Dispose()
    {
        queue.Dispose();
        dir.Dispose();
    }

    private static string EnvelopeWithSecrets()
    {
        var body = new JsonObject
        {
            ["status"] = "firing",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["labels"] = new JsonObject { ["alertname"] = "DiskFull", ["dsn"] = IntakeRedactionTests.Secrets[9].Text },
                ["annotations"] = new JsonObject { ["description"] = string.Join("\n", IntakeRedactionTests.Secrets.Select(s => s.Text)) },
                ["values"] = new JsonArray(91.5, true),
            }),
        };
        return new AlertEnvelope { Source = "alertmanager", ReceivedAt = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero), AlertIds = ["a-1"], Body = body.ToJsonString() }.ToJson();
    }

    [Fact]
    public async Task Fail_WhenTheLastAttemptFailsForAMessageWithSecrets_ShouldKeepARedactedLetterThatStillParses()
    {
        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, EnvelopeWithSecrets());
        var message = Assert.Single(queue.Lease(10));

        queue.Fail(message.Id, "dispatch failed near " + IntakeRedactionTests.Secrets[2].Text);

        var letter = Assert.Single(queue.DeadLetters(10));
        foreach (var (kind, _, needle) in IntakeRedactionTests.Secrets)
        {
            Assert.False(letter.Body.Contains(needle, StringComparison.Ordinal) || letter.Error.Contains(needle, StringComparison.Ordinal), $"{kind} kept in the dead letter");
        }
        var envelope = AlertEnvelope.Parse(letter.Body, "dl", DateTimeOffset.UnixEpoch);
        Assert.Equal("alertmanager", envelope.Source);
        Assert.Equal(["a-1"], envelope.AlertIds);
        var alert = JsonNode.Parse(envelope.Body)!["alerts"]![0]!;
        Assert.Equal("DiskFull", (string?)alert["labels"]!["alertname"]);
        Assert.Contains("[REDACTED", (string?)alert["annotations"]!["description"], StringComparison.Ordinal);
        Assert.Equal(91.5, alert["values"]![0]!.GetValue<double>());
        Assert.Equal(0, queue.Depth());
    }

    [Fact]
    public async Task Redrive_WhenTheLetterExists_ShouldQueueItAgainKeepTheLetterMarkedAndRefuseASecondRedrive()
    {
        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, EnvelopeWithSecrets());
        var first = Assert.Single(queue.Lease(10));
        queue.DeadLetter(first.Id, "unreadable");
        var stored = Assert.Single(queue.DeadLetters(10));

        var redrive = queue.Redrive(stored.Id, "otto");

        Assert.Equal(DeadLetterRedriveStatus.Redriven, redrive.Status);
        var again = Assert.Single(queue.Lease(10));
        Assert.Equal(redrive.QueueId, again.Id);
        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(stored.Body, again.Body);
        var letter = Assert.Single(queue.DeadLetters(10));
        Assert.Equal("otto", letter.RedrivenBy);
        Assert.Equal(again.Id, letter.RedrivenAs);
        Assert.NotNull(letter.RedrivenAt);
        Assert.Equal(new DeadLetterRedrive(DeadLetterRedriveStatus.AlreadyRedriven, again.Id), queue.Redrive(stored.Id, "otto"));
        Assert.Equal(DeadLetterRedriveStatus.NotFound, queue.Redrive(stored.Id + 1000, "otto").Status);

        // Failing again makes a second, separate letter; the first stays.
        queue.DeadLetter(again.Id, "still unreadable");
        Assert.Equal(2, queue.DeadLetters(10).Count);
    }

    [Fact]
    public void Constructor_WhenTheDatabasePredatesRedrive_ShouldAddTheColumnsAndKeepEveryLetter()
    {
        using var temp = new TempDir();
        var old = new SqliteDatabase(temp.Path, new StorageOptions());
        using (var connection = old.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                DROP TABLE dead_letters;
                CREATE TABLE dead_letters(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, enqueued_at INTEGER NOT NULL,
                    failed_at INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL);
                INSERT INTO dead_letters VALUES (7, 'alerts', '{"source":"x"}', 1, 2, 5, 'old failure');
                """;
            command.ExecuteNonQuery();
        }

        using var upgraded = new SqliteIngestQueue(old, new ManualClock(), TimeSpan.FromSeconds(60), 5);

        var letter = Assert.Single(upgraded.DeadLetters(10));
        Assert.Equal((7L, "old failure", (DateTimeOffset?)null), (letter.Id, letter.Error, letter.RedrivenAt));
        Assert.Equal(DeadLetterRedriveStatus.Redriven, upgraded.Redrive(7, "otto").Status);
    }
}
