using System.Text.Json;
using AeonNova.Approvals;
using AeonNova.Approvals.Json;
using AeonNova.Approvals.Policy;

namespace AeonNova.Local.Tests.Approvals;

/// <summary>The approval fixtures (policy, request) and link parsing, for tests with or without a host.</summary>
internal static class ApprovalFixtures
{
    public static ApprovalPolicy LoadPolicy() =>
        ApprovalPolicyLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Approvals", "Fixtures", "approval-policy.json"));

    public static CreateApprovalRequest LoadRequest() => JsonSerializer.Deserialize(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Approvals", "Fixtures", "approval-request.json")),
        ApprovalsJsonContext.Default.CreateApprovalRequest)!;

    public static string TokenOf(IssuedLink link) => link.Url[(link.Url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
}
