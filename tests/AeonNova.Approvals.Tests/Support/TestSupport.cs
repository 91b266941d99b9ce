using System.Text.Json;
using AeonNova.Approvals.Json;
using AeonNova.Approvals.Policy;

namespace AeonNova.Approvals.Tests.Support;

/// <summary>An approval service over the in-memory store with the fixture policy and request.</summary>
internal sealed class Harness
{
    public const string BaseUrl = "https://approvals.example.test";
    public const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAFAKE-TASK-TOKEN-6d1f0c2b9e5a4f1d8c7b";

    public Harness(ApprovalPolicy? policy = null)
    {
        Policy = policy ?? LoadPolicy();
        Service = NewService(Policy);
    }

    public InMemoryApprovalStore Store { get; } = new();
    public RecordingCallback Callback { get; } = new();
    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 4, 31, 0, TimeSpan.Zero));
    public ApprovalPolicy Policy { get; }
    public ApprovalService Service { get; }

    public ApprovalService NewService(ApprovalPolicy policy) =>
        new(Store, Callback, policy, new ApprovalServiceOptions { BaseUrl = BaseUrl }, Time, new CryptoRandomSource());

    public static ApprovalPolicy LoadPolicy() =>
        ApprovalPolicyLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "approval-policy.json"));

    public static CreateApprovalRequest LoadRequest()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "approval-request.json");
        return JsonSerializer.Deserialize(File.ReadAllText(path), ApprovalsJsonContext.Default.CreateApprovalRequest)!;
    }

    /// <summary>Creates the fixture approval and registers its task token, like WaitForApproval would.</summary>
    public async Task<PreparedApproval> CreateReadyAsync(CreateApprovalRequest? request = null)
    {
        var prepared = await Service.CreateAsync(request ?? LoadRequest(), CancellationToken.None);
        Assert.Equal(TokenRegistration.Registered, await Service.RegisterTaskTokenAsync(prepared.ApprovalId, TaskToken, CancellationToken.None));
        return prepared;
    }

    public static string TokenOf(IssuedLink link) => link.Url[(link.Url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];

    public async Task<ApprovalResult> DecideAsync(PreparedApproval prepared, IssuedLink link, DecisionOutcome decision = DecisionOutcome.Approved, string? scriptHash = null)
    {
        var record = await Store.GetAsync(prepared.ApprovalId, CancellationToken.None);
        return await Service.DecideAsync(prepared.ApprovalId, new DecisionRequest
        {
            Token = TokenOf(link),
            Decision = decision,
            ScriptSha256 = scriptHash ?? record!.ScriptSha256,
            Comment = "looks right",
        }, new ClientInfo("203.0.113.7", "UnitTest/1.0"), CancellationToken.None);
    }
}
