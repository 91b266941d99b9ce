using System.Globalization;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Core.Cost;
using AeonNova.Core.Workflow;
using AeonNova.StepFunctions;
using AeonNova.Testing;
using Xunit.Abstractions;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>issue #20 point 4 on the local engine: the real ASL and handlers record what a verified fix cost.</summary>
public sealed class ExecutionCostWorkflowTests(ITestOutputHelper log)
{
    [Fact]
    public async Task RecordOutcome_WhenAnApprovedFixIsVerified_ShouldRecordTheCostOfEveryStepBeforeIt()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript, verification: "df -h /"));
        var arn = await h.StartAsync(WorkflowHarness.Alert());
        await h.DecideAsync(await h.WaitForApprovalEmailAsync(), DecisionOutcome.Approved);
        var execution = await h.WaitAsync(arn);

        var record = Assert.Single(h.Executions.All());
        Assert.Equal(WorkflowOutcomes.Remediated, record.Status);
        // What RecordOutcome could see: the history up to its own TaskStateEntered.
        var history = await h.Engine.GetExecutionHistoryAsync(arn);
        var seen = history.TakeWhile(e => !(e.Type == HistoryEventType.TaskStateEntered && e.StateName == "RecordOutcome")).ToList();
        var entered = seen.Count(e => e.Type.ToString().EndsWith("StateEntered", StringComparison.Ordinal)) + 1;
        var invocations = seen.Count(e => e.Type == HistoryEventType.LambdaFunctionSucceeded);
        var plan = WorkflowHarness.Output(execution)["plan"]!;
        var input = plan["inputTokens"]!.GetValue<int>();
        var output = plan["outputTokens"]!.GetValue<int>();

        Assert.Equal(entered.ToString(CultureInfo.InvariantCulture), record.Attributes[CostAttributes.Transitions]);
        Assert.Equal(invocations.ToString(CultureInfo.InvariantCulture), record.Attributes[CostAttributes.LambdaInvocations]);
        Assert.Equal("1", record.Attributes[CostAttributes.SsmCommands]);
        Assert.Equal("amazon.nova-pro", record.Attributes[CostAttributes.Model]);
        Assert.True(input > 0, "the plan carries the model's input token count");
        // The harness clock does not move while a handler runs: 0 GB-s, so the cost is transitions, requests and tokens.
        Assert.Equal("0", record.Attributes[CostAttributes.LambdaGbSeconds]);
        var expected = entered * 0.000025 + invocations * 0.0000002 + input * 0.0000008 + output * 0.0000032;
        Assert.Equal(expected, ExecutionCost.TotalOf(record.Attributes)!.Value, 12);
        log.WriteLine(string.Join(", ", record.Attributes.Where(a => a.Key.StartsWith("cost.", StringComparison.Ordinal)).Select(a => $"{a.Key}={a.Value}")));
        log.WriteLine(string.Join(", ", seen.Where(e => e.Type == HistoryEventType.LambdaFunctionScheduled).Select(e => e.Resource)));
        var audit = JsonNode.Parse(h.Audit.Get(record.ExecutionId)!)!;
        Assert.Equal(expected, audit[OutcomeRecorder.AuditCostMember]!["usd"]!.GetValue<double>(), 12);
    }
}
