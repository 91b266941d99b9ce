using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class IntakeAndQueueTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly ManualClock clock = new();
    private readonly SqliteDatabase database;
    private readonly SqliteIngestQueue queue;
    private readonly SqliteAlertIntake intake;
    private readonly SqliteExecutionLog executions;

    public IntakeAndQueueTests()
    {
        database = new SqliteDatabase(dir.Path, new StorageOptions());
        queue = new SqliteIngestQueue(database, clock, TimeSpan.FromSeconds(30), maxAttempts: 3);
        intake = new SqliteAlertIntake(database, queue, clock, TimeSpan.FromMinutes(15), a => "{\"alert\":\"" + a.Id + "\"}");
        executions = new SqliteExecutionLog(database, clock);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Accept_WhenSameFingerprintWithinCooldown_ShouldStartOneExecutionAndCountDuplicates()
    {
        var first = intake.Accept([Alerts.Firing("fp-1"), Alerts.Firing("fp-2")]);
        var again = intake.Accept([Alerts.Firing("fp-1"), Alerts.Firing("fp-1")]);

        Assert.Equal(2, first.NewExecutions.Count);
        Assert.Equal(0, first.Duplicates);
        Assert.Empty(again.NewExecutions);
        Assert.Equal(2, again.Duplicates);
        Assert.Equal(2, executions.List(new ExecutionQuery()).Count);
        Assert.Equal(first.NewExecutions[0], executions.ExecutionForAlert(again.AlertIds[1]));
        Assert.Equal(2, queue.Depth());
    }

    [Fact]
    public void Accept_WhenCooldownExpired_ShouldStartNewExecution()
    {
        intake.Accept([Alerts.Firing("fp-1")]);
        clock.Advance(TimeSpan.FromMinutes(16));

        var later = intake.Accept([Alerts.Firing("fp-1")]);

        Assert.Single(later.NewExecutions);
        Assert.Equal(2, executions.List(new ExecutionQuery()).Count);
    }

    [Fact]
    public void Accept_WhenResolvedArrives_ShouldEndCooldownAndQueueIt()
    {
        intake.Accept([Alerts.Firing("fp-1")]);

        var resolved = intake.Accept([Alerts.Resolved("fp-1")]);
        var refired = intake.Accept([Alerts.Firing("fp-1")]);

        Assert.Empty(resolved.NewExecutions);
        Assert.Single(refired.NewExecutions);
        Assert.Equal([SqliteAlertIntake.StartKind, SqliteAlertIntake.ResolvedKind, SqliteAlertIntake.StartKind],
            queue.Lease(10).Select(m => m.Kind));
    }

    [Fact]
    public void Lease_WhenLeaseNotExpired_ShouldHideMessageUntilItExpires()
    {
        intake.Accept([Alerts.Firing("fp-1")]);

        var first = queue.Lease(10);
        var hidden = queue.Lease(10);
        clock.Advance(TimeSpan.FromSeconds(31));
        var again = queue.Lease(10);

        Assert.Single(first);
        Assert.Empty(hidden);
        Assert.Equal(first[0].Id, Assert.Single(again).Id);
        Assert.Equal(2, again[0].Attempts);
    }

    [Fact]
    public void Fail_WhenAttemptsExhausted_ShouldMoveToDeadLetters()
    {
        intake.Accept([Alerts.Firing("fp-1")]);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var message = Assert.Single(queue.Lease(10));
            queue.Fail(message.Id, $"boom {attempt}");
            clock.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.Equal(0, queue.Depth());
        var letter = Assert.Single(queue.DeadLetters(10));
        Assert.Equal("boom 3", letter.Error);
        Assert.Equal(3, letter.Attempts);
    }

    [Fact]
    public void Fail_WhenAttemptsRemain_ShouldRetryAfterBackoff()
    {
        intake.Accept([Alerts.Firing("fp-1")]);
        queue.Fail(Assert.Single(queue.Lease(10)).Id, "transient");

        Assert.Empty(queue.Lease(10));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(queue.Lease(10));
    }

    [Fact]
    public void Accept_WhenReopenedAfterCommit_ShouldKeepEverything()
    {
        var result = intake.Accept([Alerts.Firing("fp-1")]);

        var reopened = new SqliteExecutionLog(new SqliteDatabase(dir.Path, new StorageOptions()), clock);

        var execution = reopened.Get(result.NewExecutions[0]);
        Assert.NotNull(execution);
        Assert.Equal(SqliteExecutionLog.Queued, execution.Status);
        Assert.Equal("web-1", execution.Host);
    }

    [Fact]
    public void AppendEvent_WhenCalledInOrder_ShouldNumberHistory()
    {
        var name = intake.Accept([Alerts.Firing("fp-1")]).NewExecutions[0];

        executions.AppendEvent(name, "TaskStateEntered", "Analyze", "{}");
        executions.AppendEvent(name, "TaskStateExited", "Analyze", null);
        executions.SetStatus(name, SqliteExecutionLog.WaitingForApproval, "WaitForApproval");

        Assert.Equal([1, 2], executions.Events(name).Select(e => e.Seq));
        Assert.Equal(1, executions.CountByStatus()[SqliteExecutionLog.WaitingForApproval]);
        Assert.Single(executions.Active());
        Assert.Single(executions.List(new ExecutionQuery { Status = "waiting_for_approval", Host = "web-1" }));
        Assert.Empty(executions.List(new ExecutionQuery { Severity = "low" }));
    }
}
