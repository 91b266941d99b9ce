using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.Handlers;

public sealed class ParseAlertsHandlerTests
{
    [Fact]
    public async Task Handle_WhenABatchHoldsAPoisonMessage_ShouldReportOnlyItAndStartTheGoodOnes()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var function = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());

        var response = await Lambda.InvokeAsync(function, RepoFiles.Fixture("sqs-parse-alerts-batch.json"));

        var failure = Assert.Single(response["batchItemFailures"]!.AsArray());
        Assert.Equal("2e1424d4-f796-459a-8184-9c92662be6da", (string?)failure!["itemIdentifier"]);
        var executions = await h.Engine.ListExecutionsAsync();
        Assert.Equal(2, executions.Count);
        Assert.Contains(executions, e => e.Input.Contains("01936a6e-0000-7000-8000-000000000001", StringComparison.Ordinal));
        Assert.Contains(executions, e => e.Input.Contains("01936a6e-0000-7000-8000-000000000003", StringComparison.Ordinal));
        var log = h.Log.ToString();
        Assert.Contains("\"level\":\"ERROR\"", log, StringComparison.Ordinal);
        Assert.Contains("\"correlation_id\":\"2e1424d4-f796-459a-8184-9c92662be6da\"", log, StringComparison.Ordinal);
        Assert.Contains("\"function_name\":\"ParseAlerts\"", log, StringComparison.Ordinal);
        Assert.Contains("\"cold_start\":true", log, StringComparison.Ordinal);
    }
}
