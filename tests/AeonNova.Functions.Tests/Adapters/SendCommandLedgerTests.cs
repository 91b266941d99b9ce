using System.Text.Json;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Adapters;
using AeonNova.Testing;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Handlers;
using AeonNova.Workflow.Observability;

namespace AeonNova.Functions.Tests.Adapters;

/// <summary>
/// The SendCommand step as it runs on AWS: the shared handler over the DynamoDB ledger and SSM adapters, whose
/// clients are in-memory fakes that honour conditional writes and ListCommands' filters. What matters: the row is
/// durable before SSM is called, an ambiguous failure never loses the command nor sends it twice, and concurrent
/// invocations for one key send once.
/// </summary>
public sealed class SendCommandLedgerTests
{
    private const string ExecutionArn = "arn:aws:states:eu-west-1:123456789012:execution:aeonnova-prod-remediation:DiskSpaceLow-web-1-3f2a9c-20261123T050000";
    private const string Table = "aeonnova-prod-command-ledger";

    private readonly ManualClock _clock = new();
    private readonly FakeDynamoTable _dynamo = new();
    private readonly FakeSsm _ssm;
    private readonly CommandLedgerSender _sender;

    public SendCommandLedgerTests()
    {
        _ssm = new FakeSsm(_clock);
        _sender = new CommandLedgerSender(new DynamoDbCommandLedgerStore(_dynamo, Table, TimeSpan.FromDays(400)), new SsmCommandSender(_ssm),
            CommandLedgerOptions.Aws, _clock);
    }

    private static SendCommandInput Input(string step = "execute", string script = "journalctl --vacuum-time=2d") => new()
    {
        Step = step,
        ExecutionId = ExecutionArn,
        Command = new SsmCommand
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = ["i-0abc123def4567890"],
            Commands = [script],
            ExecutionTimeout = ["600"],
        },
    };

    private string LedgerPk(SendCommandInput input) => "ledger#" + CommandLedgerSender.Request(input).IdempotencyKey;

    private void PassTheLease() => _clock.Advance(CommandLedgerOptions.Aws.SendLease + TimeSpan.FromSeconds(1));

    [Fact]
    public async Task SendAsync_WhenSsmIsCalled_ShouldFindTheLedgerRowAlreadyWrittenWithItsAttemptClaimed()
    {
        var input = Input();
        var seenBySsm = new List<string>();
        _ssm.OnSend = request =>
        {
            var row = _dynamo.Item(LedgerPk(input));
            Assert.NotNull(row);
            Assert.Equal("1", row["attempts"].N);
            Assert.False(row.ContainsKey("commandId"));
            seenBySsm.Add(request.Comment);
        };

        var sent = await _sender.SendAsync(input);

        Assert.Single(seenBySsm);
        Assert.StartsWith(CommandLedgerSender.CommentTag("execute", sent.IdempotencyKey), seenBySsm[0], StringComparison.Ordinal);
        Assert.True(seenBySsm[0].Length <= 100);
        Assert.Equal("sent", sent.Origin);
        Assert.Equal(_ssm.Accepted.Single().CommandId, sent.CommandId);
        Assert.Equal(sent.CommandId, _dynamo.Item(LedgerPk(input))!["commandId"].S);
    }

    [Fact]
    public async Task SendAsync_WhenSsmAcceptedButTheCallTimedOut_ShouldAdoptThatCommandOnRetryAndCallSsmOnce()
    {
        _ssm.Next(SendFault.AcceptThenTimeout);

        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        // A retry inside the lease cannot tell a dead attempt from a slow one: it waits, SSM is not asked again.
        await Assert.ThrowsAsync<CommandSendInProgressException>(() => _sender.SendAsync(Input()));
        PassTheLease();
        var retried = await _sender.SendAsync(Input());

        Assert.Equal(1, _ssm.SendCalls);
        Assert.Equal("adopted", retried.Origin);
        Assert.Equal(_ssm.Accepted.Single().CommandId, retried.CommandId);
    }

    [Fact]
    public async Task SendAsync_WhenTheLookupOfAnEarlierAttemptIsThrottled_ShouldFailRetryablyAndAdoptOnTheNextTry()
    {
        _ssm.Next(SendFault.AcceptThenTimeout);
        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        PassTheLease();
        _ssm.ThrottleNextLists = 1;

        // The ASL retries CommandSendUncertainException; a raw SSM exception would end the execution with the
        // accepted command running unwatched.
        var error = await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        var retried = await _sender.SendAsync(Input());

        Assert.Contains("before anything was sent", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _ssm.SendCalls);
        Assert.Equal(("adopted", _ssm.Accepted.Single().CommandId), (retried.Origin, retried.CommandId));
    }

    [Fact]
    public async Task SendAsync_WhenRecordingAnAdoptedCommandFails_ShouldFailRetryablyAndAdoptItOnTheNextTry()
    {
        _ssm.Next(SendFault.AcceptThenTimeout);
        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        PassTheLease();
        _dynamo.FailNextCommandIdWrites = 1;

        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        var retried = await _sender.SendAsync(Input());

        Assert.Equal(1, _ssm.SendCalls);
        Assert.Equal(("adopted", _ssm.Accepted.Single().CommandId), (retried.Origin, retried.CommandId));
        Assert.Equal(retried.CommandId, _dynamo.Item(LedgerPk(Input()))!["commandId"].S);
    }

    [Fact]
    public void ClientConfig_WhenBuilt_ShouldLeaveRetriesToTheLedgerAndAnswerInsideTheFunctionTimeout()
    {
        var config = SsmCommandSender.ClientConfig();

        // SendCommand has no idempotency token: an SDK retry after a lost response would create a second command.
        Assert.Equal(0, config.MaxErrorRetry);
        Assert.NotNull(config.Timeout);
        Assert.True(config.Timeout <= TimeSpan.FromSeconds(10), $"SSM call timeout {config.Timeout} is not inside the 15 s function timeout with room for the ledger");
    }

    [Fact]
    public async Task SendAsync_WhenSsmThrottledTheSend_ShouldSendOnceOnRetryAndNeverAgain()
    {
        // Someone else's command in the same window must not be adopted.
        _ssm.Seed("AeonNova execute ledger-0000000000000000000000000000000000000000 other-execution");
        _ssm.Next(SendFault.Throttle);

        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        PassTheLease();
        var sent = await _sender.SendAsync(Input());
        PassTheLease();
        var again = await _sender.SendAsync(Input());

        Assert.Equal(2, _ssm.SendCalls);
        var ours = _ssm.Accepted.Where(c => c.Comment.Contains(sent.IdempotencyKey, StringComparison.Ordinal)).ToList();
        Assert.Equal(sent.CommandId, Assert.Single(ours).CommandId);
        Assert.Equal("sent", sent.Origin);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(("recorded", sent.CommandId), (again.Origin, again.CommandId));
    }

    [Fact]
    public async Task SendAsync_WhenSsmRefusesTheTarget_ShouldFailAsRejectedWithNothingSent()
    {
        _ssm.Next(SendFault.InvalidInstance);

        var error = await Assert.ThrowsAsync<CommandRejectedException>(() => _sender.SendAsync(Input()));

        Assert.Contains("InvalidInstanceId", error.Message, StringComparison.Ordinal);
        Assert.Empty(_ssm.Accepted);
    }

    [Fact]
    public async Task SendAsync_WhenEveryAttemptEndsWithoutACommand_ShouldGiveUpAfterTheLimitWithoutAnotherSend()
    {
        _ssm.Next(SendFault.Throttle, SendFault.Throttle, SendFault.Throttle);
        for (var i = 0; i < CommandLedgerOptions.Aws.MaxSendAttempts; i++)
        {
            await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
            PassTheLease();
        }

        var error = await Assert.ThrowsAsync<CommandSendAbandonedException>(() => _sender.SendAsync(Input()));

        Assert.Equal(CommandLedgerOptions.Aws.MaxSendAttempts, _ssm.SendCalls);
        Assert.Contains("by hand", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WhenTheLedgerWriteFailsAfterSsmAccepted_ShouldAdoptTheCommandOnRetry()
    {
        _dynamo.FailNextCommandIdWrites = 1;

        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        PassTheLease();
        var retried = await _sender.SendAsync(Input());

        Assert.Equal(1, _ssm.SendCalls);
        Assert.Equal(("adopted", _ssm.Accepted.Single().CommandId), (retried.Origin, retried.CommandId));
    }

    [Fact]
    public async Task SendAsync_WhenTheLedgerIsThrottledBeforeTheSend_ShouldFailRetryablyWithNothingSentThenSendOnce()
    {
        _dynamo.ThrottleNextPuts = 1;

        await Assert.ThrowsAsync<CommandSendUncertainException>(() => _sender.SendAsync(Input()));
        Assert.Equal(0, _ssm.SendCalls);
        var sent = await _sender.SendAsync(Input());

        Assert.Equal(1, _ssm.SendCalls);
        Assert.Equal(("sent", 1), (sent.Origin, sent.Attempts));
    }

    [Fact]
    public async Task SendAsync_When20InvocationsRaceForOneKey_ShouldSendExactlyOnceAndAllLearnTheSameId()
    {
        _ssm.Latency = TimeSpan.FromMilliseconds(50);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (await _sender.SendAsync(Input())).CommandId;
            }
            catch (CommandSendInProgressException)
            {
                return null;
            }
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(racers);
        // The state machine retries the ones that were told to wait: they all get the one command.
        var retried = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _sender.SendAsync(Input())));

        Assert.Equal(1, _ssm.SendCalls);
        var id = _ssm.Accepted.Single().CommandId;
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(id, r));
        Assert.All(retried, r => Assert.Equal(id, r.CommandId));
        Assert.Equal(1, _dynamo.Count);
    }

    [Fact]
    public async Task SendAsync_WhenTheRollbackIsSent_ShouldUseItsOwnKeyAndItsOwnCommandEvenForTheSameScript()
    {
        var script = await _sender.SendAsync(Input("execute"));
        var rollback = await _sender.SendAsync(Input("rollback"));
        var rollbackAgain = await _sender.SendAsync(Input("rollback"));

        Assert.NotEqual(script.IdempotencyKey, rollback.IdempotencyKey);
        Assert.NotEqual(script.CommandId, rollback.CommandId);
        Assert.Equal(rollback.CommandId, rollbackAgain.CommandId);
        Assert.Equal(2, _ssm.SendCalls);
        Assert.Contains(_ssm.Accepted, c => c.Comment.StartsWith(CommandLedgerSender.CommentTag("rollback", rollback.IdempotencyKey), StringComparison.Ordinal));
        Assert.Equal(2, _dynamo.Count);
    }

    [Theory]
    [InlineData("deploy", "i-0abc", "is not one of")]
    [InlineData("execute", "", "instanceIds")]
    public async Task SendAsync_WhenTheInputCannotNameOneCommand_ShouldRefuseItBeforeAnyWrite(string step, string instance, string message)
    {
        var input = Input(step) with { Command = Input().Command! with { InstanceIds = [instance] } };

        var error = await Assert.ThrowsAsync<WorkflowInputException>(() => _sender.SendAsync(input));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _dynamo.Count);
        Assert.Equal(0, _ssm.SendCalls);
    }

    [Fact]
    public async Task Handle_WhenInvokedWithTheStatesParameters_ShouldAnswerTheCommandRefGetCommandResultReads()
    {
        var handler = new SendCommandHandler(new InProcessFunctionRuntimes(TextWriter.Null, _clock), _sender);
        var parameters = JsonSerializer.Serialize(new
        {
            step = "execute",
            executionId = ExecutionArn,
            command = new { documentName = "AWS-RunShellScript", instanceIds = new[] { "i-0abc123def4567890" }, commands = new[] { "df -h /" }, executionTimeout = new[] { "600" } },
        });

        var answer = await Lambda.InvokeAsync(handler, parameters);

        Assert.Equal(_ssm.Accepted.Single().CommandId, (string?)answer["commandId"]);
        Assert.Equal("execute", (string?)answer["step"]);
        Assert.StartsWith("ledger-", (string?)answer["idempotencyKey"], StringComparison.Ordinal);
    }
}
