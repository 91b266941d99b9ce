using AeonNova.Core.Cost;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Cost;

public sealed class ExecutionCostTests
{
    private static readonly DateTimeOffset Start = TestClock.Default;

    /// <summary>
    /// A known execution: RecordReceived (512 MB, 120.4 ms → billed 121 ms), ValidateScript (1024 MB) failing once after
    /// 300 ms and succeeding on its retry after 450 ms, MarkRemediated (Pass), then RecordOutcome entered (it is measuring).
    /// </summary>
    private static IReadOnlyList<UsageEvent> KnownHistory() =>
    [
        new("ExecutionStarted", At(0)),
        new("TaskStateEntered", At(0)),
        new("LambdaFunctionScheduled", At(0), "arn:aws:lambda:us-east-1:123456789012:function:aeonnova-dev-RecordReceived:live"),
        new("LambdaFunctionStarted", At(10)),
        new("LambdaFunctionSucceeded", At(130.4)),
        new("TaskStateExited", At(131)),
        new("TaskStateEntered", At(131)),
        new("LambdaFunctionScheduled", At(131), "arn:aws:lambda:us-east-1:123456789012:function:aeonnova-dev-ValidateScript:live"),
        new("LambdaFunctionStarted", At(140)),
        new("LambdaFunctionFailed", At(440)),
        new("LambdaFunctionScheduled", At(1440), "arn:aws:lambda:us-east-1:123456789012:function:aeonnova-dev-ValidateScript:live"),
        new("LambdaFunctionStarted", At(1450)),
        new("LambdaFunctionSucceeded", At(1900)),
        new("TaskStateExited", At(1901)),
        new("PassStateEntered", At(1901)),
        new("PassStateExited", At(1901)),
        new("TaskStateEntered", At(1902)),
        new("LambdaFunctionScheduled", At(1902), "arn:aws:lambda:us-east-1:123456789012:function:aeonnova-dev-RecordOutcome:live"),
        new("LambdaFunctionStarted", At(1910)),
    ];

    [Fact]
    public void Count_WhenHistoryHasARetry_ShouldBillOneTransitionPerStateEnteredPlusTheRetry()
    {
        var usage = ExecutionUsageCounter.Count(KnownHistory());

        // 4 states entered (RecordReceived, ValidateScript, MarkRemediated, RecordOutcome) + 1 ValidateScript retry.
        Assert.Equal(5, usage.StateTransitions);
        Assert.Equal(
            [new LambdaInvocation("RecordReceived", 512, 121), new LambdaInvocation("ValidateScript", 1024, 300), new LambdaInvocation("ValidateScript", 1024, 450)],
            usage.Lambda);
    }

    [Fact]
    public void Price_WhenKnownExecutionUsedNovaPro_ShouldEqualTheHandComputationFromThePriceList()
    {
        var usage = ExecutionUsageCounter.Count(KnownHistory()) with
        {
            Model = "us.amazon.nova-pro-v1:0",
            InputTokens = 2_500,
            OutputTokens = 700,
            SsmCommands = 1,
        };

        var cost = ExecutionCost.Price(usage, new PriceList());

        // Step Functions Standard: 5 transitions × $0.025 per 1,000.
        const double transitions = 5 * 0.000025;
        // Lambda arm64: (0.5 GB × 0.121 s + 1 GB × 0.300 s + 1 GB × 0.450 s) = 0.8105 GB-s × $0.0000133334.
        const double compute = 0.8105 * 0.0000133334;
        // Lambda requests: 3 × $0.20 per million.
        const double requests = 3 * 0.0000002;
        // Nova Pro: 2,500 × $0.0008 per 1K input + 700 × $0.0032 per 1K output = $0.002 + $0.00224.
        const double model = 0.002 + 0.00224;
        // Run Command: no additional charge.
        const double ssm = 0;
        Assert.Equal(transitions, cost.TransitionsUsd, 12);
        Assert.Equal(compute, cost.LambdaComputeUsd, 12);
        Assert.Equal(requests, cost.LambdaRequestsUsd, 12);
        Assert.Equal(model, cost.ModelUsd, 12);
        Assert.Equal(ssm, cost.SsmUsd, 12);
        Assert.Equal(0.0043764067207, cost.TotalUsd, 12);
        Assert.Equal("amazon.nova-pro", cost.ModelPricedAs);
    }

    [Theory]
    [InlineData("builtin-planner@1.0.0")]
    [InlineData("llama3.1:8b")]
    [InlineData("")]
    public void Price_WhenThePlanCameFromNoBedrockModel_ShouldChargeNoTokens(string model)
    {
        var cost = ExecutionCost.Price(new ExecutionUsage { Model = model, InputTokens = 1_000, OutputTokens = 500 }, new PriceList());

        Assert.Equal(0, cost.ModelUsd);
        Assert.Equal(PriceList.UnpricedModel, cost.ModelPricedAs);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:1:function:aeonnova-prod-ParsePlan:live", "ParsePlan")]
    [InlineData("arn:aws:lambda:local-1:0:function:aeonnova-ParseAlerts", "ParseAlerts")]
    [InlineData("arn:aws:lambda:us-east-1:1:function:someone-elses-function", "someone-elses-function")]
    public void FunctionName_WhenGivenAFunctionArn_ShouldNameTheContractFunction(string arn, string expected)
    {
        Assert.Equal(expected, ExecutionUsageCounter.FunctionName(arn));
    }

    private static DateTimeOffset At(double milliseconds) => Start.AddMilliseconds(milliseconds);
}
