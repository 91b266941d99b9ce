using AeonNova.Approvals.Email;
using AeonNova.Functions.AwsJson;

namespace AeonNova.Functions.Adapters;

/// <summary>Sends one approver their own approval message (the email holds only that approver's link).</summary>
public interface IApproverMessages
{
    Task SendAsync(string approverEmail, ApprovalEmail email, CancellationToken cancellationToken);
}

/// <summary>
/// On AWS: one SNS Publish per approver to the approvers topic with the message attribute <c>approver</c> = their
/// email. Each email subscription of that topic has the filter policy <c>{"approver": ["their email"]}</c>
/// (ApprovalConstruct), so SNS hands each message to its own approver only.
/// </summary>
public sealed class SnsApproverMessages(SnsClient sns, string topicArn) : IApproverMessages
{
    public const string ApproverAttribute = "approver";

    public async Task SendAsync(string approverEmail, ApprovalEmail email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(approverEmail);
        ArgumentNullException.ThrowIfNull(email);
        await sns.PublishAsync(topicArn, email.Subject, email.Text,
            new Dictionary<string, string>(StringComparer.Ordinal) { [ApproverAttribute] = approverEmail.Trim().ToLowerInvariant() }, cancellationToken);
    }
}
