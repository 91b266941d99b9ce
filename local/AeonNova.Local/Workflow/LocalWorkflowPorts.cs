using System.Globalization;
using System.Text.Json.Nodes;

namespace AeonNova.Local.Workflow;

/// <summary>
/// Port behind the local <c>bedrock:invokeModel</c> binding: send the request body to a model and return its
/// response body (Bedrock's JSON shape, or whatever the plan parser accepts). Throw <see cref="ModelInvocationException"/>
/// with a Step Functions error name (e.g. Bedrock.ThrottlingException) so the definition's Retry/Catch apply.
/// </summary>
public interface IModelInvoker
{
    Task<JsonNode?> InvokeAsync(string modelId, JsonNode? body, CancellationToken cancellationToken);
}

public sealed class ModelInvocationException : Exception
{
    public ModelInvocationException(string error, string cause) : base(cause) => Error = error;
    public ModelInvocationException() : this("Bedrock.ServiceUnavailableException", "model unavailable") { }
    public ModelInvocationException(string message, Exception innerException) : base(message, innerException) => Error = "Bedrock.ServiceUnavailableException";

    /// <summary>Error name the state machine sees, e.g. "Bedrock.ThrottlingException".</summary>
    public string Error { get; } = "Bedrock.ServiceUnavailableException";
}

/// <summary>
/// Port behind the local <c>sns:publish.waitForTaskToken</c> binding: once the binding has registered the task
/// token with the approvals domain, deliver the approval (the serve host writes one .eml per approver, each with
/// that approver's link only). The task token is never part of the publication.
/// </summary>
public interface IApprovalOutbox
{
    Task PublishAsync(ApprovalPublication publication, CancellationToken cancellationToken);
}

/// <param name="TopicArn">The definition's ${ApprovalTopicArn}.</param>
/// <param name="ApprovalId">From the message attribute "approvalId".</param>
/// <param name="Subject">Email subject.</param>
/// <param name="Message">The published notice (who must approve; never a link).</param>
public sealed record ApprovalPublication(string TopicArn, string ApprovalId, string Subject, string Message, string ExecutionArn);

/// <summary>
/// Port behind the local <c>aws-sdk:ssm:sendCommand</c> / <c>getCommandInvocation</c> bindings (serve: dry-run,
/// local or SSH executors). Send never runs a script twice for one call; Get reports SSM statuses
/// (Pending | InProgress | Success | Failed | TimedOut | Cancelled).
/// </summary>
public interface ICommandExecutor
{
    Task<string> SendAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Throw <see cref="KeyNotFoundException"/> for an unknown command/instance (→ Ssm.InvocationDoesNotExistException).</summary>
    Task<CommandInvocation> GetAsync(string commandId, string instanceId, CancellationToken cancellationToken);

    /// <summary>The id <see cref="SendAsync"/> gave this very request (same execution, targets, script, comment) if it was sent; else null.</summary>
    Task<string?> FindAsync(CommandRequest request, CancellationToken cancellationToken);
}

public sealed record CommandRequest
{
    /// <summary>AWS-RunShellScript or AWS-RunPowerShellScript.</summary>
    public required string DocumentName { get; init; }
    public required IReadOnlyList<string> InstanceIds { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    public int ExecutionTimeoutSeconds { get; init; } = DefaultTimeoutSeconds;
    public string Comment { get; init; } = "";
    public string ExecutionArn { get; init; } = "";

    /// <summary>SSM's default executionTimeout.</summary>
    public const int DefaultTimeoutSeconds = 3600;

    /// <summary>SSM's executionTimeout parameter (a list of one number, as text); the default when absent or not a number.</summary>
    public static int TimeoutSeconds(IEnumerable<string> executionTimeout) =>
        executionTimeout.FirstOrDefault() is { } t && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : DefaultTimeoutSeconds;
}

public sealed record CommandInvocation(string Status, int ResponseCode, string StandardOutput, string StandardError);
