using AeonNova.Approvals;
using AeonNova.Approvals.Links;
using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;
using BenchmarkDotNet.Attributes;

namespace AeonNova.Benchmarks;

/// <summary>
/// The approval hot paths: verifying a link token against the stored hashes, rendering the confirmation page,
/// and a full create → register → decide cycle on the in-memory store (the domain cost without I/O).
/// </summary>
[MemoryDiagnoser]
public class ApprovalsBenchmarks
{
    private ApprovalService _service = null!;
    private ApprovalRecord _record = null!;
    private string _token = "";
    private CreateApprovalRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var policy = new ApprovalPolicy
        {
            People = [new PolicyPerson { Name = "Alex", Email = "alex@example.com", Role = ApproverRole.Operator, Tiers = ["on-call"] }],
            Severities = new Dictionary<string, SeverityPolicy>
            {
                ["critical"] = new() { ResponseMinutes = 15, Tiers = ["on-call"] },
            },
            Environments = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<ApproverRole>>>
            {
                ["*"] = new Dictionary<string, IReadOnlyList<ApproverRole>> { ["critical"] = [ApproverRole.Operator] },
            },
        };
        _service = new ApprovalService(new InMemoryApprovalStore(), new NullCallback(), policy,
            new ApprovalServiceOptions { BaseUrl = "http://127.0.0.1:5080" }, TimeProvider.System, new CryptoRandomSource());
        var script = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"echo 'step {i}: check /var/log/app-{i}.log and rotate if larger than 1G'"));
        _request = new CreateApprovalRequest
        {
            ExecutionId = "bench",
            Alert = new CanonicalAlert
            {
                Id = "a1", Source = "alertmanager", Fingerprint = "fp", Status = AlertStatus.Firing, Severity = AlertSeverity.Critical,
                Title = "Disk almost full", Host = "web-1", Environment = "production", ReceivedAt = DateTimeOffset.UnixEpoch,
            },
            Plan = new RemediationPlan
            {
                Summary = "Rotate logs", Diagnosis = "Logs grew", Confidence = 0.8, Model = "bench",
                Script = new PlanScript { Language = ScriptLanguage.Bash, Body = script },
            },
            Safety = new SafetyReport
            {
                Language = ScriptLanguage.Bash, Verdict = SafetyVerdict.Review, RiskScore = 40,
                Findings = [.. Enumerable.Range(1, 5).Select(i => new SafetyFinding { RuleId = $"rule.{i}", Severity = FindingSeverity.Review, Line = i, Message = "check" })],
            },
        };
        var prepared = _service.CreateAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
        _token = prepared.Links[0].Url[(prepared.Links[0].Url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
        _record = _service.GetAsync(prepared.ApprovalId, CancellationToken.None).GetAwaiter().GetResult()!;
    }

    [Benchmark]
    public bool VerifyLinkToken() => LinkTokens.Matches(_record.Id, _record.Links[0], _token);

    [Benchmark]
    public int RenderConfirmationPage() => ApprovalPageRenderer.Confirm(_record, _record.Links[0].Approver, _token, "0123456789abcdef0123456789abcdef").Html.Length;

    [Benchmark]
    public async Task<ApprovalOutcome> CreateRegisterDecide()
    {
        var prepared = await _service.CreateAsync(_request, CancellationToken.None);
        await _service.RegisterTaskTokenAsync(prepared.ApprovalId, "task-token", CancellationToken.None);
        var url = prepared.Links[0].Url;
        var result = await _service.DecideAsync(prepared.ApprovalId, new DecisionRequest
        {
            Token = url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..],
            Decision = DecisionOutcome.Approved,
            ScriptSha256 = _record.ScriptSha256,
        }, ClientInfo.Unknown, CancellationToken.None);
        return result.Outcome;
    }

    private sealed class NullCallback : ITaskTokenCallback
    {
        public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
