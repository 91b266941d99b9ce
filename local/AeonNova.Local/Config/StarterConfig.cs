namespace AeonNova.Local.Config;

/// <summary>The commented file `aeonnova init` writes: every setting with its default and why you might change it.</summary>
public static class StarterConfig
{
    /// <summary>How each sender presents its secret (docs/serve.md and integrations/ have the full setup).</summary>
    private static readonly (string Source, string How)[] Senders =
    [
        ("alertmanager", "receivers[].webhook_configs[].http_config.authorization: { type: Bearer, credentials: <secret> }"),
        ("grafana", "contact point Webhook > Authorization header: \"Bearer <secret>\""),
        ("datadog", "webhook integration custom header DD-API-KEY: <secret>"),
        ("pagerduty", "v3 webhook subscription: its signing secret is <secret> (X-PagerDuty-Signature)"),
        ("opsgenie", "outgoing webhook header Authorization: Bearer <secret>"),
        ("servicenow", "REST message header Authorization: Bearer <secret>"),
        ("cloudwatch", "EventBridge API destination connection (API key) Authorization: Bearer <secret>"),
        ("zabbix", "media type parameter token = <secret> (sent as Authorization: Bearer)"),
        ("generic", "header Authorization: Bearer <secret>"),
    ];

    /// <summary>A 256-bit random secret, base64url.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The starter file with one fresh secret per source, and per-sender instructions naming each secret.</summary>
    public static (string Text, string Senders) Render(Func<string> newSecret)
    {
        ArgumentNullException.ThrowIfNull(newSecret);
        var text = Text;
        var lines = new System.Text.StringBuilder();
        foreach (var (source, how) in Senders)
        {
            var secret = newSecret();
            text = text.Replace("{{" + source + "}}", secret, StringComparison.Ordinal);
            lines.Append("  ").Append(source).Append(": ").Append(how.Replace("<secret>", secret, StringComparison.Ordinal)).Append('\n');
        }
        return (text, lines.ToString().TrimEnd('\n'));
    }

    public const string Text = """
        // aeonnova.json: configuration for `aeonnova serve`. Comments and trailing commas are allowed.
        // Every setting can be overridden from the environment: AEONNOVA__QUEUE__MAXATTEMPTS=3,
        // AEONNOVA__SOURCES__DATADOG__SECRETS__0=... (double underscore = one level; array items by index).
        {
          // Where Kestrel listens. Keep it on loopback and put a reverse proxy with TLS in front for real webhooks.
          "urls": "http://127.0.0.1:5080",
          // SQLite database (WAL), approval-email outbox and audit files.
          "dataDir": ".aeonnova",
          // Base URL used in approval links; empty = the "urls" value.
          "publicBaseUrl": "",

          // Webhook sources, each with its own random secret (written by `aeonnova init`). A known source that is
          // not listed accepts posts without authentication: allowed on loopback only; serve refuses to listen
          // elsewhere while such a source is enabled (disable it, give it auth, or set "allowUnauthenticated": true).
          // auth: none | bearer | basic | header | pagerduty | grafana; several secrets allow rotation.
          "sources": {
            "alertmanager": { "auth": "bearer", "secrets": ["{{alertmanager}}"] },
            "grafana": { "auth": "bearer", "secrets": ["{{grafana}}"] },
            "datadog": { "auth": "header", "header": "DD-API-KEY", "secrets": ["{{datadog}}"] },
            "pagerduty": { "auth": "pagerduty", "secrets": ["{{pagerduty}}"] },
            "opsgenie": { "auth": "bearer", "secrets": ["{{opsgenie}}"] },
            "servicenow": { "auth": "bearer", "secrets": ["{{servicenow}}"] },
            "cloudwatch": { "auth": "bearer", "secrets": ["{{cloudwatch}}"] },
            "zabbix": { "auth": "bearer", "secrets": ["{{zabbix}}"] },
            "generic": { "auth": "bearer", "secrets": ["{{generic}}"] },
          },

          // Operator sign-in (docs/security.md). allowedHosts: extra Host names this server answers to.
          // metricsTokenEnv: environment variable holding the bearer token Prometheus sends to /metrics.
          "auth": { "allowedHosts": [], "sessionMinutes": 480, "maxFailedSignIns": 5, "lockoutMinutes": 15, "metricsTokenEnv": "" },

          // Field mappings for in-house tools (SuperOps, …): each source named in the file becomes /alerts/<name>.
          "mappingFile": "",

          // Re-sends of the same alert (same fingerprint) within this window join the first alert's execution.
          "dedupe": { "cooldownSeconds": 900 },

          // Durable ingest queue: lease, retries, then the dead-letter table (shown at /ui/dead-letters).
          // deferToAcceptsMilliseconds: while webhooks are being accepted the consumer waits up to this long
          // before each queued alert, so senders get their 202 first (0 = never wait).
          "queue": { "leaseSeconds": 60, "maxAttempts": 5, "pollMilliseconds": 50, "batchSize": 32, "deferToAcceptsMilliseconds": 100 },

          // "normal" survives a crash of the process (a 202 is only sent after the commit); "full" also survives
          // power loss (one fsync per commit; accepts arriving together share one commit).
          "storage": { "synchronous": "normal" },

          // Who runs approved scripts, first matching host pattern wins. Hosts matching nothing use dry-run:
          // the script is recorded, not run. "local" must name its hosts explicitly.
          "executors": [
            // { "hosts": "localhost", "type": "local", "timeoutSeconds": 120, "outputLimitBytes": 65536, "sandbox": "auto" },
            // { "hosts": "web-*", "type": "ssh", "user": "ops", "keyFile": "/etc/aeonnova/id_ed25519",
            //   "knownHostsFile": "/etc/aeonnova/known_hosts", "port": 22, "shell": "bash" },
            // { "hosts": "win-*", "type": "ssh", "user": "Administrator", "keyFile": "/etc/aeonnova/id_ed25519",
            //   "knownHostsFile": "/etc/aeonnova/known_hosts", "shell": "powershell" },
          ],

          // Empty endpoint = the built-in runbook planner. Any OpenAI-compatible endpoint works (e.g. Ollama).
          "model": { "endpoint": "", "model": "", "apiKeyEnv": "" },
          // "model": { "endpoint": "http://127.0.0.1:11434/v1", "model": "llama3.1", "apiKeyEnv": "" },

          // Who may approve what, escalation tiers and response times (see config/approval-policy.json).
          "approvalPolicyFile": "",

          "workflow": {
            // Empty = statemachines/remediation.asl.json from the checkout (or the copy next to the binary).
            "definition": "",
          },
        }

        """;
}
