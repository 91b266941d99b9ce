using System.Globalization;
using System.Text.RegularExpressions;
using AeonNova.Core.Cost;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Cost;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Cost;

/// <summary>The monthly estimate for 10,000 alerts, computed from the synthesized dev template and the real ASL.</summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed partial class CostEstimatorTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;
    private readonly CostAssumptions _assumptions = new();
    private readonly PriceList _prices = new();

    private CostEstimate Estimate() =>
        CostEstimator.Estimate(_dev.Json, File.ReadAllText(_dev.Paths.StateMachineFile), _assumptions, _prices);

    [Fact]
    public void Estimate_WhenPricingTheDefaultScenario_ShouldFollowAnalysisApprovalAndVerifiedRemediation()
    {
        var estimate = Estimate();

        Assert.Equal(10_000, estimate.Executions);
        Assert.Equal(_assumptions.Waypoints[^1], estimate.Route[^1]);
        Assert.All(_assumptions.Waypoints, w => Assert.Contains(w, estimate.Route));
        Assert.Contains("ExecuteScript", estimate.Route);
        Assert.Contains("Verify", estimate.Route);
        Assert.True(estimate.TransitionsPerExecution > estimate.Route.Count, "the Run Command poll loop adds rounds");
    }

    [Fact]
    public void Estimate_WhenCountingInvocations_ShouldCallEachWorkflowFunctionAsOftenAsTheRouteUsesIt()
    {
        var estimate = Estimate();
        var invocations = estimate.InvocationsPerMonth;

        Assert.Equal(WorkflowContract.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), invocations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(_assumptions.AlertsPerMonth, invocations["Ingest"]);
        Assert.True(invocations["RecordReceived"] >= estimate.Executions);
        Assert.True(invocations["PrepareApproval"] >= estimate.Executions);
        // The route passes ParsePlan (the model answered), not the fallback planner, and never times out.
        Assert.True(invocations["ParsePlan"] >= estimate.Executions);
        Assert.Equal(0, invocations["Escalate"]);
        Assert.Equal(estimate.LambdaRequests, invocations.Values.Sum());
    }

    [Fact]
    public void Estimate_WhenComputingGbSeconds_ShouldUseTheMemoryTheTemplateDeploys()
    {
        var estimate = Estimate();
        var expected = 0.0;
        foreach (var (_, function) in _dev.Resources("AWS::Lambda::Function"))
        {
            var props = function["Properties"]!;
            var name = WorkflowContract.Functions.Single(f => f.Handler == props["Handler"]!.GetValue<string>()).Name;
            var ms = _assumptions.DurationMs.TryGetValue(name, out var d) ? d : _assumptions.DefaultDurationMs;
            expected += estimate.InvocationsPerMonth[name] * ms / 1000.0 * props["MemorySize"]!.GetValue<int>() / 1024.0;
        }

        Assert.Equal(expected, estimate.LambdaGbSeconds, precision: 6);
        Assert.Equal(expected * _prices.LambdaArmPerGbSecond, Line(estimate, "Lambda compute").MonthlyUsd, precision: 6);
    }

    [Fact]
    public void Estimate_WhenPricingFixedCosts_ShouldReadWafRulesKeysAndSnapStartVersionsFromTheTemplate()
    {
        var estimate = Estimate();
        var rules = _dev.Resources("AWS::WAFv2::WebACL").Sum(a => a.Value["Properties"]!["Rules"]!.AsArray().Count);

        Assert.StartsWith($"1 web ACL, {rules} rules", Line(estimate, "WAF").Basis, StringComparison.Ordinal);
        Assert.True(Line(estimate, "WAF").MonthlyUsd >= _prices.WafPerWebAcl + rules * _prices.WafPerRule);
        Assert.StartsWith($"{WorkflowContract.Functions.Count} live versions", Line(estimate, "Lambda SnapStart cache").Basis, StringComparison.Ordinal);
        Assert.StartsWith("1 key", Line(estimate, "KMS").Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_WhenPricingBedrock_ShouldChargeOneNovaProCallPerExecution()
    {
        var bedrock = Line(Estimate(), "Bedrock");
        var perCall = _assumptions.BedrockInputTokens * _prices.NovaProPerInputToken + _assumptions.BedrockOutputTokens * _prices.NovaProPerOutputToken;

        Assert.Equal(10_000 * perCall, bedrock.MonthlyUsd, precision: 6);
    }

    [Fact]
    public void DeployGuide_WhenComparedWithTheComputedEstimate_ShouldQuoteTheCurrentTotal()
    {
        var guide = File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "deploy.md"));
        var quoted = TotalLine().Match(guide);
        Assert.True(quoted.Success, "docs/deploy.md has no '| **total** | | **N.NN** |' line; regenerate it with the --cost command it shows");

        var total = double.Parse(quoted.Groups["usd"].Value, CultureInfo.InvariantCulture);
        var computed = Estimate().TotalUsd;
        // Small ASL or sizing edits move the figure a little; anything larger means the guide is out of date.
        Assert.True(Math.Abs(total - computed) <= computed * 0.05, $"docs/deploy.md quotes ${total:F2}, the template now costs ${computed:F2}: regenerate the table");
    }

    [Fact]
    public void Estimate_WhenWafLogsToCloudWatch_ShouldPriceEveryApiRequestAsAVendedLogRecord()
    {
        var line = Line(Estimate(), "Vended logs");

        // 10,000 webhooks + 10,000 approvals × 2 API calls (GET page, POST decision) = 30,000 requests × 1.5 KB.
        const double gb = 30_000 * 1.5 / (1024.0 * 1024.0);
        Assert.StartsWith("1 logging configuration", line.Basis, StringComparison.Ordinal);
        Assert.Equal(gb * (0.50 + 0.03), line.MonthlyUsd, precision: 9);
    }

    [Fact]
    public void Estimate_WhenErrorLinesGoThroughFirehose_ShouldBillEachRecordAsFiveKilobytes()
    {
        var line = Line(Estimate(), "Firehose");

        Assert.Single(_dev.Resources("AWS::KinesisFirehose::DeliveryStream"));
        // 2,000 records × 5 KB at $0.029 per GB ingested.
        Assert.Equal(2_000 * 5 / (1024.0 * 1024.0) * 0.029, line.MonthlyUsd, precision: 9);
    }

    [Fact]
    public void Estimate_WhenTheAuditBucketIsLockedAndLogged_ShouldPriceTheAccessLogsAndNameTheLock()
    {
        var estimate = Estimate();

        Assert.Contains("Object Lock (no charge of its own)", Line(estimate, "S3 audit bucket").Basis, StringComparison.Ordinal);
        var logs = Line(estimate, "S3 access logs");
        // 10,000 executions × 3 audit requests × 0.4 KB, kept 90 days (3 months of the monthly volume) at $0.023/GB-month.
        Assert.Equal(10_000 * 3 * 0.4 / (1024.0 * 1024.0) * (90 / 30.0) * 0.023, logs.MonthlyUsd, precision: 9);
        Assert.EndsWith("kept 90 days", logs.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_WhenCountingQueuesAndAlarms_ShouldIncludeTheRedriveQueueAndEveryAlarm()
    {
        var estimate = Estimate();
        var queues = _dev.Resources("AWS::SQS::Queue").Count;
        var alarms = _dev.Resources("AWS::CloudWatch::Alarm");
        var alarmMetrics = alarms.Sum(a => a.Value["Properties"]!["Metrics"] is System.Text.Json.Nodes.JsonArray m ? m.Count(x => x?["MetricStat"] is not null) : 1);

        Assert.Equal(3, queues);
        Assert.StartsWith("3 queues", Line(estimate, "SQS").Basis, StringComparison.Ordinal);
        Assert.Contains($"{alarmMetrics} alarm metrics", Line(estimate, "CloudWatch").Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_WhenProdLogsErrorsOnly_ShouldChargeNoStateMachineLogVolume()
    {
        var prod = CostEstimator.Estimate(fixture.Prod.Json, File.ReadAllText(fixture.Prod.Paths.StateMachineFile), _assumptions, _prices);
        var lambdaOnlyGb = prod.LambdaRequests * _assumptions.LambdaLogKbPerInvocation / (1024.0 * 1024.0);

        Assert.StartsWith(lambdaOnlyGb.ToString("F2", CultureInfo.InvariantCulture) + " GB logs", Line(prod, "CloudWatch").Basis, StringComparison.Ordinal);
    }

    private static CostLine Line(CostEstimate estimate, string service) =>
        estimate.Lines.Single(l => l.Service.StartsWith(service, StringComparison.Ordinal));

    [GeneratedRegex(@"\|\s*\*\*total\*\*\s*\|\s*\|\s*\*\*(?<usd>[0-9]+\.[0-9]{2})\*\*\s*\|", RegexOptions.CultureInvariant)]
    private static partial Regex TotalLine();
}
