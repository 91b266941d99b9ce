namespace AeonNova.Core.Chat;

/// <summary>
/// The chat approval contract shared by the hosts and the infrastructure: the paths Slack and Teams post to (serve
/// and the API Gateway stage alike) and the ApprovalApi environment variables that name each app's secret.
/// </summary>
public static class ChatRoutes
{
    /// <summary>Slack's Interactivity Request URL.</summary>
    public const string SlackInteractionsPath = "/chat/slack/interactions";

    /// <summary>The Teams bot's messaging endpoint.</summary>
    public const string TeamsMessagesPath = "/chat/teams/messages";

    /// <summary>ARN of the Secrets Manager secret holding the Slack app's JSON (docs/approvals.md).</summary>
    public const string SlackSecretVariable = "SLACK_SECRET_ARN";

    /// <summary>ARN of the Secrets Manager secret holding the Teams bot's JSON.</summary>
    public const string TeamsSecretVariable = "TEAMS_SECRET_ARN";
}
