namespace AeonNova.Local.Config;

/// <summary>
/// Everything `aeonnova serve` can be told, read once at start from aeonnova.json plus AEONNOVA__… environment
/// overrides (see <see cref="ConfigLoader"/>). Defaults are the embedded, zero-configuration stack.
/// </summary>
public sealed record AeonNovaOptions
{
    /// <summary>Kestrel listen URL. Loopback by default: the local host is not meant to face the internet directly.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    /// <summary>SQLite database, outbox and audit files live here.</summary>
    public string DataDir { get; init; } = ".aeonnova";
    /// <summary>Base of approval links in emails; empty = derived from <see cref="Urls"/>.</summary>
    public string PublicBaseUrl { get; init; } = "";
    /// <summary>Per-source webhook settings; a known source that is not listed accepts unauthenticated posts on loopback.</summary>
    public Dictionary<string, SourceOptions> Sources { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Generic sources: a mapping file {"sources": {"name": {…}}} (docs/alert-sources.md); each name becomes a source.</summary>
    public string MappingFile { get; init; } = "";
    public DedupeOptions Dedupe { get; init; } = new();
    public QueueOptions Queue { get; init; } = new();
    public StorageOptions Storage { get; init; } = new();
    /// <summary>First match wins; hosts that match nothing use the dry-run executor.</summary>
    public List<ExecutorRule> Executors { get; init; } = [];
    public ModelOptions Model { get; init; } = new();
    /// <summary>Approval policy (people, roles, tiers); empty = config/approval-policy.json of the checkout or next to the binary.</summary>
    public string ApprovalPolicyFile { get; init; } = "";
    public WorkflowOptions Workflow { get; init; } = new();
    /// <summary>Operator sign-in, host allow-list, metrics scrape token (docs/security.md).</summary>
    public AuthOptions Auth { get; init; } = new();
    public RedactionOptions Redaction { get; init; } = new();
    /// <summary>Approvals in chat apps (docs/serve.md, "Chat approvals"); off unless configured.</summary>
    public ChatOptions Chat { get; init; } = new();
}

public sealed record ChatOptions
{
    public SlackChatOptions Slack { get; init; } = new();
    public TeamsChatOptions Teams { get; init; } = new();
}

public sealed record TeamsChatOptions
{
    public bool Enabled { get; init; }
    /// <summary>The bot's Microsoft App ID (the audience of incoming tokens).</summary>
    public string AppId { get; init; } = "";
    /// <summary>Environment variable holding the bot's client secret.</summary>
    public string AppPasswordEnv { get; init; } = "AEONNOVA_TEAMS_APP_PASSWORD";
    /// <summary>Bot Connector service URL of the team (e.g. https://smba.trafficmanager.net/emea/).</summary>
    public string ServiceUrl { get; init; } = "";
    /// <summary>Channel conversation id (19:…@thread.tacv2) for tiers without their own entry.</summary>
    public string Conversation { get; init; } = "";
    public Dictionary<string, string> TierConversations { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Microsoft Entra object id → approver email of the approval policy.</summary>
    public Dictionary<string, string> Users { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Accept invokes only from this Entra tenant id; empty = any.</summary>
    public string TenantId { get; init; } = "";
    /// <summary>Single-tenant bots: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.</summary>
    public string TokenEndpoint { get; init; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
    /// <summary>Only tests change it.</summary>
    public string OpenIdMetadataUrl { get; init; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";
}

public sealed record SlackChatOptions
{
    public bool Enabled { get; init; }
    /// <summary>Environment variable holding the app's signing secret (never the secret itself in the file).</summary>
    public string SigningSecretEnv { get; init; } = "AEONNOVA_SLACK_SIGNING_SECRET";
    /// <summary>Environment variable holding the bot token (xoxb-…).</summary>
    public string BotTokenEnv { get; init; } = "AEONNOVA_SLACK_BOT_TOKEN";
    /// <summary>Channel id for every tier without its own entry in <see cref="TierChannels"/>.</summary>
    public string Channel { get; init; } = "";
    public Dictionary<string, string> TierChannels { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Slack user id → approver email of the approval policy.</summary>
    public Dictionary<string, string> Users { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Map other users by their Slack-confirmed email (needs users:read and users:read.email).</summary>
    public bool MapByVerifiedEmail { get; init; }
    /// <summary>Accept clicks only from this workspace (team id); empty = any.</summary>
    public string TeamId { get; init; } = "";
    /// <summary>Web API base; only tests change it.</summary>
    public string ApiBaseUrl { get; init; } = "https://slack.com/api/";
    /// <summary>Prefix every response_url must have; only tests change it.</summary>
    public string ResponseUrlPrefix { get; init; } = "https://hooks.slack.com/";
}

public sealed record RedactionOptions
{
    /// <summary>Extra .NET regular expressions redacted from every alert at intake, after the shared catalogue (docs/security.md).</summary>
    public List<string> ExtraPatterns { get; init; } = [];
}

public sealed record AuthOptions
{
    /// <summary>Host names (with or without port) accepted besides those of <c>urls</c> and <c>publicBaseUrl</c>; any other Host header gets 400.</summary>
    public List<string> AllowedHosts { get; init; } = [];
    /// <summary>How long a sign-in lasts.</summary>
    public int SessionMinutes { get; init; } = 480;
    /// <summary>Failed sign-ins in a row before the account is locked for <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedSignIns { get; init; } = 5;
    public int LockoutMinutes { get; init; } = 15;
    /// <summary>Name of the environment variable holding the bearer token Prometheus sends to /metrics (never the token itself).</summary>
    public string MetricsTokenEnv { get; init; } = "";
    /// <summary>Sign-in through an OpenID Connect identity provider, beside the local accounts (off while authority is empty).</summary>
    public OidcOptions Oidc { get; init; } = new();
}

/// <summary>OpenID Connect sign-in (authorization code flow with PKCE); docs/serve.md lists every setting.</summary>
public sealed record OidcOptions
{
    /// <summary>The issuer URL (its /.well-known/openid-configuration is read); empty = OpenID Connect sign-in is off.</summary>
    public string Authority { get; init; } = "";
    public string ClientId { get; init; } = "";
    /// <summary>Name of the environment variable holding the client secret (never the secret itself); empty = a public client (PKCE only).</summary>
    public string ClientSecretEnv { get; init; } = "";
    public List<string> Scopes { get; init; } = ["openid", "profile", "email"];
    /// <summary>The id_token claim holding the user's groups or roles (a string or an array).</summary>
    public string RoleClaim { get; init; } = "roles";
    /// <summary>Claim value → admin | operator | viewer; the highest mapped role wins, no mapped value = 403.</summary>
    public Dictionary<string, string> RoleMap { get; init; } = new(StringComparer.Ordinal);
    /// <summary>When not empty, only emails in these domains may sign in.</summary>
    public List<string> AllowedEmailDomains { get; init; } = [];
    /// <summary>The sign-in page's button text.</summary>
    public string DisplayName { get; init; } = "single sign-on";
}

public sealed record SourceOptions
{
    public bool Enabled { get; init; } = true;
    /// <summary>none | bearer | basic | header | pagerduty | grafana (see docs/serve.md for each source's usual scheme).</summary>
    public string Auth { get; init; } = "none";
    /// <summary>Several active secrets allow rotation without downtime.</summary>
    public List<string> Secrets { get; init; } = [];
    /// <summary>Header name for auth "header" (e.g. DD-API-KEY) or a signature header other than the default.</summary>
    public string Header { get; init; } = "";
    /// <summary>grafana: the timestamp header configured on the contact point (the HMAC then covers "timestamp:body").</summary>
    public string TimestampHeader { get; init; } = "";
    /// <summary>For basic auth: the expected user name.</summary>
    public string User { get; init; } = "";
    /// <summary>cloudwatch: SNS topic ARNs whose HTTPS subscriptions intake confirms (others get a 400 naming this setting).</summary>
    public List<string> SnsTopicArns { get; init; } = [];
    /// <summary>
    /// With auth "none", serve refuses to listen on a non-loopback address unless this is true: an open source lets
    /// anyone who can reach the port start remediations.
    /// </summary>
    public bool AllowUnauthenticated { get; init; }
    /// <summary>Extra request media types this source's sender uses besides application/json (e.g. text/json).</summary>
    public List<string> ContentTypes { get; init; } = [];
}

public sealed record DedupeOptions
{
    /// <summary>Re-sends of one fingerprint inside this window join the first alert's execution.</summary>
    public int CooldownSeconds { get; init; } = 900;
}

public sealed record QueueOptions
{
    /// <summary>How long a leased message stays invisible before another consumer may take it.</summary>
    public int LeaseSeconds { get; init; } = 60;
    /// <summary>After this many failed attempts a message moves to the dead-letter table.</summary>
    public int MaxAttempts { get; init; } = 5;
    public int PollMilliseconds { get; init; } = 50;
    public int BatchSize { get; init; } = 32;
    /// <summary>
    /// Before each message the consumer waits up to this long while alert accepts are in flight, so senders get
    /// their 202 before the backlog gets CPU; 0 = never wait.
    /// </summary>
    public int DeferToAcceptsMilliseconds { get; init; } = 100;
}

public sealed record StorageOptions
{
    /// <summary>
    /// SQLite synchronous mode. "normal" (WAL) survives a process crash (kill -9) without losing a committed
    /// transaction; "full" also survives power loss at the cost of one fsync per commit (accepts that arrive
    /// together share one commit).
    /// </summary>
    public string Synchronous { get; init; } = "normal";
}

public sealed record ExecutorRule
{
    /// <summary>Host name pattern: exact, or with * and ? wildcards (case-insensitive).</summary>
    public string Hosts { get; init; } = "*";
    /// <summary>dry-run | local | ssh.</summary>
    public string Type { get; init; } = "dry-run";
    public int TimeoutSeconds { get; init; } = 300;
    /// <summary>Combined stdout+stderr kept per command; the rest is dropped and marked truncated.</summary>
    public int OutputLimitBytes { get; init; } = 64 * 1024;
    /// <summary>local: working directory (default: a per-command folder under the data dir).</summary>
    public string WorkingDirectory { get; init; } = "";
    /// <summary>local: auto (bubblewrap when /usr/bin/bwrap exists) | bwrap | none.</summary>
    public string Sandbox { get; init; } = "auto";
    /// <summary>local + bubblewrap: paths the script may write besides its working directory (the rest of / is read-only).</summary>
    public List<string> WritablePaths { get; init; } = [];
    /// <summary>ssh: the address to connect to; empty = the alert's host name.</summary>
    public string Address { get; init; } = "";
    public int Port { get; init; } = 22;
    public string User { get; init; } = "";
    public string KeyFile { get; init; } = "";
    /// <summary>ssh: OpenSSH known_hosts file; unknown or changed host keys are refused.</summary>
    public string KnownHostsFile { get; init; } = "";
    /// <summary>ssh: bash | powershell (the remote interpreter the script is fed to).</summary>
    public string Shell { get; init; } = "bash";
}

public sealed record ModelOptions
{
    /// <summary>OpenAI-compatible base URL (e.g. http://127.0.0.1:11434/v1 for Ollama); empty = built-in planner.</summary>
    public string Endpoint { get; init; } = "";
    public string Model { get; init; } = "";
    /// <summary>Name of the environment variable that holds the API key (the key itself never goes into the file).</summary>
    public string ApiKeyEnv { get; init; } = "";
}

public sealed record WorkflowOptions
{
    /// <summary>The ASL definition to run; empty = statemachines/remediation.asl.json found next to the checkout or binary.</summary>
    public string Definition { get; init; } = "";
    /// <summary>
    /// Settle window by severity, seconds (critical, high, medium, low, info): the workflow waits this long, re-reads the
    /// alert and goes on only if it is still firing. Keys left out keep the defaults (critical 0, high 120, others 300).
    /// </summary>
    public Dictionary<string, int> SettleSeconds { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>
    /// Where Linux scripts keep each execution's pre-change snapshot (the rollback reads it): root/&lt;execution&gt;;
    /// empty = /var/lib/aeonnova. A sandboxed local executor needs it under one of its writable paths.
    /// </summary>
    public string StateRoot { get; init; } = "";
}
