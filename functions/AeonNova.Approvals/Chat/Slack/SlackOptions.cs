namespace AeonNova.Approvals.Chat.Slack;

/// <summary>A Slack app posting approvals and receiving its button clicks (docs/approvals.md, "Slack").</summary>
public sealed record SlackOptions
{
    /// <summary>
    /// The shortest signing secret either host accepts: Slack issues 32 hex characters, and a short, guessable value
    /// (a placeholder, "changeme") would let anyone sign clicks.
    /// </summary>
    public const int MinSigningSecretLength = 16;

    /// <summary>The app's signing secret (Basic Information → App Credentials); verifies every interaction.</summary>
    public required string SigningSecret { get; init; }
    /// <summary>Bot token (xoxb-…) with chat:write (and users:read, users:read.email for email mapping).</summary>
    public required string BotToken { get; init; }
    /// <summary>Channel id for approvals of a tier without its own entry in <see cref="TierChannels"/>.</summary>
    public required string Channel { get; init; }
    /// <summary>Escalation tier name → channel id: a tier's approvals go to its channel, as its emails go to its people.</summary>
    public IReadOnlyDictionary<string, string> TierChannels { get; init; } = new Dictionary<string, string>();
    /// <summary>Slack user id → approver email (a person of the approval policy). Checked before any email lookup.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
    /// <summary>When true, an unmapped user is looked up with users.info and mapped by email only if Slack says it is confirmed.</summary>
    public bool MapByVerifiedEmail { get; init; }
    /// <summary>Only interactions from this workspace (team id) are accepted; empty = any workspace the app is installed in.</summary>
    public string TeamId { get; init; } = "";
    /// <summary>Web API base, https://slack.com/api/ (tests point it at a fake Slack on loopback).</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://slack.com/api/");
    /// <summary>response_url values must start with this (Slack's hooks host); anything else is never called.</summary>
    public string ResponseUrlPrefix { get; init; } = "https://hooks.slack.com/";

    public string ChannelFor(string tierName) => TierChannels.TryGetValue(tierName, out var channel) && channel.Length > 0 ? channel : Channel;
}
