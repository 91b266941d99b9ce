using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Core.Alerts;
using AeonNova.Core.Cost;
using AeonNova.Core.Planning;
using AeonNova.Core.Ports;
using AeonNova.Core.Safety;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>issue #20: RecordOutcome stores the priced usage in the execution record and the audit document.</summary>
public sealed class OutcomeRecorderCostTests
{
    private const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:aeonnova-dev-remediation:alert-1";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_WhenKnownExecutionRemediated_ShouldStoreTheCostInTheRecordAndTheAudit()
    {
        var records = new InMemoryExecutionRecordStore();
        var audit = new InMemoryAuditSink();
        // 5 transitions; RecordReceived 512 MB × 121 ms, ValidateScript 1024 MB × 300 ms and × 450 ms (a retry).
        var meter = new FixedMeter(new ExecutionUsage
        {
            StateTransitions = 5,
            Lambda = [new("RecordReceived", 512, 121), new("ValidateScript", 1024, 300), new("ValidateScript", 1024, 450)],
        });
        var recorder = new OutcomeRecorder(records, audit, new ManualClock(Start.AddSeconds(2)), meter, new PriceList());
        var minimal = MinimalState();
        var state = minimal with
        {
            Plan = minimal.Plan! with { InputTokens = 2_500, OutputTokens = 700 },
            Command = new CommandRef { CommandId = "cmd-1" },
            Outcome = new OutcomeStep { Status = WorkflowOutcomes.Remediated },
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["alert"] = new JsonObject { ["id"] = "alert-1" } });

        var (_, cost) = await recorder.RecordAsync(state, json);

        // 5 × $0.000025 + 0.8105 GB-s × $0.0000133334 + 3 × $0.0000002 + 2,500 × $0.0000008 + 700 × $0.0000032 + 1 × $0.
        const double expected = 0.000125 + 0.8105 * 0.0000133334 + 0.0000006 + 0.002 + 0.00224;
        Assert.Equal(expected, cost.TotalUsd, 12);
        var record = Assert.Single(records.All());
        Assert.Equal(expected, ExecutionCost.TotalOf(record.Attributes)!.Value, 12);
        Assert.Equal("5", record.Attributes[CostAttributes.Transitions]);
        Assert.Equal("3", record.Attributes[CostAttributes.LambdaInvocations]);
        Assert.Equal("1", record.Attributes[CostAttributes.SsmCommands]);
        Assert.Equal(0.8105, double.Parse(record.Attributes[CostAttributes.LambdaGbSeconds], CultureInfo.InvariantCulture), 12);
        var document = JsonNode.Parse(audit.Get(ExecutionArn)!)!;
        Assert.Equal("alert-1", document["alert"]!["id"]!.GetValue<string>());
        Assert.Equal(expected, document[OutcomeRecorder.AuditCostMember]!["usd"]!.GetValue<double>(), 12);
        Assert.Equal(0.00424, document[OutcomeRecorder.AuditCostMember]!["modelUsd"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task RecordAsync_WhenStateReceived_ShouldStoreItsBytesUnchangedWithTheCostMemberAppended()
    {
        var audit = new InMemoryAuditSink();
        var recorder = Recorder(audit);
        // Whitespace, escapes and non-ASCII text as a host may send them: the audit keeps the state as received.
        var json = "{ \"alert\": {\"id\": \"alert-1\", \"title\": \"Disk <full> \\u00e9 on web-1 — 93 %\"},\n  \"plan\": [1, 2.50] }\n"u8.ToArray();

        var (_, cost) = await recorder.RecordAsync(MinimalState(), json);

        var stored = audit.Get(ExecutionArn)!;
        var close = Array.LastIndexOf(json, (byte)'}');
        Assert.Equal(json[..close], stored[..close]);
        Assert.Equal(json[close..], stored[^(json.Length - close)..]);
        var document = JsonNode.Parse(stored)!.AsObject();
        Assert.Equal(["alert", "plan", OutcomeRecorder.AuditCostMember], document.Select(m => m.Key));
        Assert.Equal("Disk <full> \u00e9 on web-1 — 93 %", document["alert"]!["title"]!.GetValue<string>());
        Assert.Equal("5", document[OutcomeRecorder.AuditCostMember]!["transitions"]!.ToJsonString());
        Assert.Equal(cost.ToAttributes()[CostAttributes.Model], document[OutcomeRecorder.AuditCostMember]!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordAsync_WhenStateIsAnEmptyObject_ShouldStoreOnlyTheCostMember()
    {
        var audit = new InMemoryAuditSink();

        await Recorder(audit).RecordAsync(MinimalState(), "{}"u8.ToArray());

        var document = JsonNode.Parse(audit.Get(ExecutionArn)!)!.AsObject();
        Assert.Equal([OutcomeRecorder.AuditCostMember], document.Select(m => m.Key));
    }

    [Fact]
    public async Task RecordAsync_WhenStateAlreadyHasACostMember_ShouldReplaceItNotRepeatIt()
    {
        var audit = new InMemoryAuditSink();
        var json = """{"cost":{"stale":true},"alert":{"id":"alert-1"}}"""u8.ToArray();

        await Recorder(audit).RecordAsync(MinimalState(), json);

        var stored = System.Text.Encoding.UTF8.GetString(audit.Get(ExecutionArn)!);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(stored, "\"cost\":"));
        var document = JsonNode.Parse(stored)!.AsObject();
        Assert.Null(document[OutcomeRecorder.AuditCostMember]!["stale"]);
        Assert.NotNull(document[OutcomeRecorder.AuditCostMember]!["usd"]);
        Assert.Equal("alert-1", document["alert"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"state\"")]
    public async Task RecordAsync_WhenStateIsNotAJsonObject_ShouldRefuseItAndWriteNothing(string json)
    {
        var audit = new InMemoryAuditSink();
        var records = new InMemoryExecutionRecordStore();

        var error = await Assert.ThrowsAsync<WorkflowInputException>(() => Recorder(audit, records).RecordAsync(MinimalState(), System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Contains("not a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Null(audit.Get(ExecutionArn));
        Assert.Empty(records.All());
    }

    [Theory]
    [InlineData("{\"alert\":{\"id\":\"alert-1\"}")]
    [InlineData("{\"alert\":{\"id\":\"alert-1\"}} {}")]
    [InlineData("{\"alert\":{\"id\":\"alert-1\",}}")]
    public async Task RecordAsync_WhenStateIsMalformedJson_ShouldRefuseItAndWriteNothing(string json)
    {
        var audit = new InMemoryAuditSink();
        var records = new InMemoryExecutionRecordStore();

        await Assert.ThrowsAnyAsync<JsonException>(() => Recorder(audit, records).RecordAsync(MinimalState(), System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Null(audit.Get(ExecutionArn));
        Assert.Empty(records.All());
    }

    private static OutcomeRecorder Recorder(InMemoryAuditSink audit, InMemoryExecutionRecordStore? records = null) =>
        new(records ?? new InMemoryExecutionRecordStore(), audit, new ManualClock(Start.AddSeconds(2)),
            new FixedMeter(new ExecutionUsage { StateTransitions = 5, Lambda = [new("RecordReceived", 512, 121)] }), new PriceList());

    private static WorkflowState MinimalState() => new()
    {
        Alert = new CanonicalAlert
        {
            Id = "alert-1",
            Source = "alertmanager",
            Fingerprint = "fp-1",
            Status = AlertStatus.Firing,
            Severity = AlertSeverity.High,
            Title = "disk full",
            Host = "web-1",
            ReceivedAt = Start,
        },
        Record = new ExecutionRef { ExecutionId = ExecutionArn, StartedAt = Start },
        Plan = new RemediationPlan
        {
            Summary = "s",
            Diagnosis = "d",
            Confidence = 0.9,
            Script = new PlanScript { Language = ScriptLanguage.Bash, Body = "df -h" },
            Model = "amazon.nova-pro-v1:0",
        },
        Outcome = new OutcomeStep { Status = WorkflowOutcomes.Diagnosed },
    };

    private sealed class FixedMeter(ExecutionUsage usage) : IExecutionUsageMeter
    {
        public Task<ExecutionUsage> MeasureAsync(string executionId, CancellationToken cancellationToken = default) => Task.FromResult(usage);
    }
}
